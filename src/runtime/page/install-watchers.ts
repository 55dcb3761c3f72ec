// Imported before the template root, so calls made while templates load are noticed too.
import { watchNondeterminism } from './determinism.ts';
import { installPaintHooks } from './paint-hooks.ts';

watchNondeterminism();
installPaintHooks();
