/** The template root: every template the project renders is registered here. */
import { registerRoot } from 'framewright';
import { benchPromo } from './templates/bench-promo/index.tsx';
import { benchShort } from './templates/bench-short/index.tsx';
import { dataChart } from './templates/data-chart/index.tsx';
import { productAd } from './templates/product-ad/index.tsx';
import { titleCard } from './templates/title-card/index.tsx';

registerRoot([titleCard, productAd, dataChart, benchPromo, benchShort]);
