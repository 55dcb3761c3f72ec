/**
 * The authoring API templates import as `framewright`. Everything here runs in the browser page
 * (and, for metadata, in Node), so it must not import Node modules.
 */
export { defineTemplate } from './define-template.ts';
export type { TemplateConfig, TemplateDefinition, VideoMetadata, CalculateMetadataArgs, PropsSchema } from './define-template.ts';
export { registerRoot } from './registry.ts';
export { useCurrentFrame, useVideoConfig } from './timeline.ts';
export type { VideoConfig } from './timeline.ts';
export { AbsoluteFill } from './components/AbsoluteFill.tsx';
export { Sequence } from './components/Sequence.tsx';
export type { SequenceProps } from './components/Sequence.tsx';
export { Series } from './components/Series.tsx';
export type { SeriesProps, SeriesSequenceProps } from './components/Series.tsx';
export { Img } from './components/Img.tsx';
export type { ImgProps } from './components/Img.tsx';
export { Audio } from './components/Audio.tsx';
export type { AudioProps } from './components/Audio.tsx';
export { Video } from './components/Video.tsx';
export type { VideoProps } from './components/Video.tsx';
export type { MediaProps } from './media/use-media.ts';
export { staticFile } from './static-file.ts';
export { delayRender, continueRender, cancelRender, useDelayRender } from './delay-render.ts';
export type { DelayRenderFunctions } from './delay-render.ts';
export { loadFont } from './load-font.ts';
export type { LoadFontOptions } from './load-font.ts';
export { interpolate } from './math/interpolate.ts';
export type { InterpolateOptions, ExtrapolateType } from './math/interpolate.ts';
export { interpolateColors, parseColor } from './math/colors.ts';
export type { InterpolateColorsOptions, Rgba } from './math/colors.ts';
export { interpolateTranslate } from './math/translate.ts';
export type { InterpolateTranslateOptions } from './math/translate.ts';
export { spring, measureSpring } from './math/spring.ts';
export type { SpringConfig, SpringConfigInput, SpringOptions } from './math/spring.ts';
export type { MeasureSpringOptions } from './math/spring.ts';
export { Easing } from './math/easing.ts';
export type { EasingFunction } from './math/easing.ts';
export { random } from './math/random.ts';
export { FrameRoot } from './FrameRoot.tsx';
export type { CalculateMetadataResult, CalculateMetadataFunction } from './define-template.ts';
export { Composition, Still, Folder } from './composition.tsx';
export type { CompositionProps, StillProps, FolderProps } from './composition.tsx';
export { Loop } from './components/Loop.tsx';
export type { LoopProps, LoopState } from './components/Loop.tsx';
export { Freeze } from './components/Freeze.tsx';
export type { FreezeProps } from './components/Freeze.tsx';
export { IFrame } from './components/IFrame.tsx';
export type { IFrameProps } from './components/IFrame.tsx';
export { OffthreadVideo } from './components/OffthreadVideo.tsx';
export type { OffthreadVideoProps } from './components/OffthreadVideo.tsx';
export { getInputProps } from './input-props.ts';
export { useCurrentScale, CurrentScaleContext } from './current-scale.ts';
export type { UseCurrentScaleOptions } from './current-scale.ts';
export type { DelayRenderOptions } from './delay-render.ts';
export { getRemotionEnvironment, useRemotionEnvironment } from './remotion-environment.ts';
// Remotion's newer names for its HTML-element media; ours are the same components.
export { Video as Html5Video } from './components/Video.tsx';
export { Audio as Html5Audio } from './components/Audio.tsx';
export type { RemotionEnvironment } from './remotion-environment.ts';
