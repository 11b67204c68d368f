export { safeColor } from './color.ts';
export { type CanvasMode, ComponentView, type ComponentViewProps, type NodeAttributes, pairs } from './ComponentView.ts';
export { MAX_RENDER_DEPTH, PageView, type PageViewProps } from './PageView.ts';
export { isUnsafeUrl, safeUrl } from './safe-url.ts';
export { COMPONENT_CSS, FRAME_CLASS, MOBILE_MAX_WIDTH } from './styles.ts';
export { FEATURE_ICON_PATHS } from './icons.ts';
export { type VideoEmbed, videoEmbed } from './video.ts';
export { BUNDLED_FONTS, type BundledFont, FONT_FACE_CSS, FONTS_PATH } from './fonts.ts';
