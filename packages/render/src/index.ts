export { safeColor } from './color.ts';
export { type CanvasMode, ComponentView, type ComponentViewProps, type NodeAttributes } from './ComponentView.ts';
export { MAX_RENDER_DEPTH, PageView, type PageViewProps } from './PageView.ts';
export { isUnsafeUrl, safeUrl } from './safe-url.ts';
export { COMPONENT_CSS, FRAME_CLASS } from './styles.ts';
