/**
 * The components' CSS: how each type looks and how the page reflows on narrow
 * screens. The editor's canvas (desktop, tablet, mobile, preview) and the
 * published page use this same text, so what the mobile preview shows is what a
 * phone gets. Narrow layouts follow the width of the `.tp-frame` element (a
 * container query), not of the window: the canvas frame in the editor, the
 * whole page when published. Only static rules: nothing a peer wrote is in it.
 */

/** The class of the element that holds a rendered page: its width decides the narrow layout. */
export const FRAME_CLASS = 'tp-frame';

export const COMPONENT_CSS = `.tp-frame {
  container-type: inline-size;
  container-name: tp-frame;
  color: #0f172a;
  font-family: "Inter", "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 16px;
  line-height: 1.6;
}

.tp-page {
  display: flex;
  flex-direction: column;
  width: 100%;
  margin: 0 auto;
  min-height: 100%;
}

.tp-section {
  display: flex;
  flex-direction: column;
  min-width: 0;
}

.tp-section--row {
  flex-direction: row;
  flex-wrap: wrap;
}

.tp-heading {
  margin: 0;
  font-weight: 700;
  line-height: 1.2;
  letter-spacing: -0.02em;
  color: #0f172a;
  overflow-wrap: break-word;
}

.tp-heading--1 {
  font-size: 44px;
  line-height: 1.1;
  letter-spacing: -0.03em;
}

.tp-heading--2 {
  font-size: 32px;
}

.tp-heading--3 {
  font-size: 24px;
}

.tp-heading--4 {
  font-size: 20px;
  letter-spacing: -0.01em;
}

.tp-heading--5 {
  font-size: 17px;
  letter-spacing: 0;
}

.tp-heading--6 {
  font-size: 14px;
  letter-spacing: 0.06em;
  text-transform: uppercase;
  color: #475467;
}

.tp-text {
  margin: 0;
  color: #344054;
  white-space: pre-wrap;
  overflow-wrap: break-word;
}

/* Buttons, links and images are as wide as they are (stretching would only stretch the selection box);
   a Section's alignment still places them. */
.tp-button-wrap,
.tp-link-wrap {
  display: block;
  width: fit-content;
  max-width: 100%;
}

.tp-button {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  min-height: 44px;
  padding: 10px 20px;
  border: 1px solid transparent;
  border-radius: 10px;
  font-size: 15px;
  font-weight: 600;
  line-height: 1.3;
  text-decoration: none;
  cursor: pointer;
  overflow-wrap: break-word;
  transition:
    background-color 120ms,
    border-color 120ms;
}

.tp-button--primary {
  background: #4f46e5;
  color: #ffffff;
  box-shadow:
    0 1px 2px rgba(16, 24, 40, 0.1),
    inset 0 1px 0 rgba(255, 255, 255, 0.12);
}

.tp-button--primary:hover {
  background: #4338ca;
}

.tp-button--secondary {
  background: #ffffff;
  border-color: #d0d5dd;
  color: #0f172a;
  box-shadow: 0 1px 2px rgba(16, 24, 40, 0.05);
}

.tp-button--secondary:hover {
  background: #f8fafc;
}

.tp-button--ghost {
  background: transparent;
  color: #4f46e5;
  padding-left: 8px;
  padding-right: 8px;
}

.tp-button--ghost:hover {
  background: #eef0ff;
}

.tp-link {
  color: #4f46e5;
  font-weight: 500;
  text-decoration: underline;
  text-decoration-thickness: 1px;
  text-underline-offset: 3px;
  overflow-wrap: break-word;
  cursor: pointer;
}

.tp-link:hover {
  color: #3730a3;
}

.tp-image {
  margin: 0;
  min-width: 0;
  width: fit-content;
  max-width: 100%;
}

.tp-image img {
  display: block;
  max-width: 100%;
  height: auto;
  border-radius: 8px;
}

.tp-image__placeholder {
  display: flex;
  flex-direction: column;
  align-items: center;
  justify-content: center;
  gap: 8px;
  max-width: 100%;
  aspect-ratio: 16 / 10;
  border: 1px dashed #cbd5e1;
  border-radius: 8px;
  background: repeating-linear-gradient(45deg, #f8fafc, #f8fafc 10px, #f1f5f9 10px, #f1f5f9 20px);
  color: #94a3b8;
}

.tp-image__hint {
  font-size: 13px;
  font-weight: 500;
}

.tp-columns {
  display: grid;
  grid-template-columns: repeat(var(--columns, 1), minmax(0, 1fr));
  min-width: 0;
}

.tp-column,
.tp-card {
  display: flex;
  flex-direction: column;
  gap: 12px;
  min-width: 0;
}

.tp-card {
  border: 1px solid #e4e7ec;
}

.tp-card--shadow {
  box-shadow:
    0 1px 3px rgba(16, 24, 40, 0.06),
    0 10px 24px -6px rgba(16, 24, 40, 0.12);
}

.tp-list {
  margin: 0;
  padding-left: 24px;
  color: #344054;
}

.tp-list li + li {
  margin-top: 4px;
}

.tp-list li::marker {
  color: #4f46e5;
}

.tp-divider {
  padding: 8px 0;
}

.tp-divider hr {
  margin: 0;
  border: 0;
  border-top-style: solid;
  border-top-width: 1px;
  border-top-color: #e2e8f0;
}

.tp-spacer {
  flex: none;
}

.tp-unknown {
  padding: 12px;
  border: 1px dashed #f04438;
  border-radius: 8px;
  color: #b42318;
  font-size: 13px;
}

/* What sits straight on a page, outside any Section, keeps off its edges. */

.tp-page > :not(.tp-section, .tp-page) {
  margin: 12px 24px;
}

/* Children of a horizontal Section share its width; on narrow canvases rows and columns stack. */

.tp-section--row > * {
  flex: 1 1 0;
  min-width: 0;
}

.tp-section--row > .tp-button-wrap,
.tp-section--row > .tp-link-wrap,
.tp-section--row > .tp-image {
  flex: 0 0 auto;
}

@container tp-frame (max-width: 600px) {
  .tp-heading--1 {
    font-size: 34px;
  }

  .tp-heading--2 {
    font-size: 26px;
  }

  /* Not --columns: the element's own style sets that (to its number of columns), and would win. */
  .tp-columns {
    grid-template-columns: minmax(0, 1fr);
  }

  .tp-section--row {
    flex-direction: column;
  }
}
`;
