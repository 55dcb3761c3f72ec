import { useMemo, type ComponentType } from 'react';
import type { TemplateDefinition, VideoMetadata } from './define-template.ts';
import { TimelineContext, VideoConfigContext, type TimelineState, type VideoConfig } from './timeline.ts';

export interface FrameRootProps {
  template: TemplateDefinition;
  /** Props already parsed by the template's schema. */
  props: Record<string, unknown>;
  metadata: VideoMetadata;
  frame: number;
}

/**
 * Renders one template at one frame. The renderer and the Studio player both render through
 * this, so the player shows exactly the frame the renderer captures.
 */
export function FrameRoot({ template, props, metadata, frame }: FrameRootProps) {
  const timeline = useMemo<TimelineState>(
    () => ({ absoluteFrame: frame, offset: 0, end: metadata.durationInFrames }),
    [frame, metadata.durationInFrames],
  );
  const config = useMemo<VideoConfig>(
    () => ({ ...metadata, id: template.id, props, defaultProps: template.defaultProps as Record<string, unknown> }),
    [metadata, template, props],
  );
  const Component = template.component as ComponentType<Record<string, unknown>>;
  return (
    <VideoConfigContext.Provider value={config}>
      <TimelineContext.Provider value={timeline}>
        <div
          style={{ position: 'relative', width: metadata.width, height: metadata.height, overflow: 'hidden' }}
          data-framewright-root=""
        >
          <Component {...props} />
        </div>
      </TimelineContext.Provider>
    </VideoConfigContext.Provider>
  );
}
