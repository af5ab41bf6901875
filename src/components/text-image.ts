// Text views as PNG: lines of styled spans (a background shade, a colour, bold) laid out on a canvas with
// word wrapping, for the views that are text rather than charts (Surprise, Probe answers, Samples). The page's
// theme colours come in resolved (theme-colour.ts), since a canvas cannot read CSS variables.

export interface Span {
  text: string;
  /** Fill behind the span's text (any canvas colour). */
  background?: string;
  colour?: string;
  bold?: boolean;
}

/** One line of the image: spans in order; '\n' inside a span breaks the line there. */
export type Line = Span[];

export interface TextImageStyle {
  /** Image width in CSS pixels; lines wrap to it. */
  width: number;
  foreground: string;
  background: string;
  fontFamily?: string;
  fontSize?: number;
}

const PAD = 12;

/** Lays the lines out (wrapping spans at the width, character by character where a span is too long) and draws them. */
export function drawTextImage(lines: readonly Line[], style: TextImageStyle): HTMLCanvasElement {
  const size = style.fontSize ?? 13;
  const lineHeight = Math.round(size * 1.55);
  const family = style.fontFamily ?? 'ui-monospace, monospace';
  const scale = Math.max(1, Math.min(2, globalThis.devicePixelRatio || 1));
  const measure = document.createElement('canvas').getContext('2d')!;
  const fontOf = (s: Span) => `${s.bold ? '700 ' : ''}${size}px ${family}`;

  // Place every piece first, so the canvas can be sized before drawing.
  const placed: Array<{ span: Span; text: string; x: number; y: number; w: number }> = [];
  let y = PAD;
  const right = style.width - PAD;
  for (const line of lines) {
    let x = PAD;
    const newline = () => {
      x = PAD;
      y += lineHeight;
    };
    for (const span of line) {
      measure.font = fontOf(span);
      const parts = span.text.split('\n');
      parts.forEach((part, i) => {
        if (i > 0) newline();
        let rest = part;
        while (rest.length > 0) {
          let fit = rest.length;
          while (fit > 1 && x + measure.measureText(rest.slice(0, fit)).width > right) fit--;
          if (x > PAD && x + measure.measureText(rest.slice(0, fit)).width > right) {
            newline();
            continue;
          }
          const text = rest.slice(0, fit);
          const w = measure.measureText(text).width;
          placed.push({ span, text, x, y, w });
          x += w;
          rest = rest.slice(fit);
        }
      });
    }
    y += lineHeight;
  }

  const canvas = document.createElement('canvas');
  const height = y + PAD;
  canvas.width = Math.ceil(style.width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.fillStyle = style.background;
  ctx.fillRect(0, 0, style.width, height);
  ctx.textBaseline = 'middle';
  for (const p of placed) {
    if (p.span.background) {
      ctx.fillStyle = p.span.background;
      ctx.fillRect(p.x, p.y, p.w, lineHeight - 2);
    }
    ctx.font = fontOf(p.span);
    ctx.fillStyle = p.span.colour ?? style.foreground;
    ctx.fillText(p.text, p.x, p.y + (lineHeight - 2) / 2);
  }
  return canvas;
}

/** The image as a PNG blob (null where the browser cannot encode one). */
export function textImagePng(lines: readonly Line[], style: TextImageStyle): Promise<Blob | null> {
  return new Promise((resolve) => drawTextImage(lines, style).toBlob(resolve, 'image/png'));
}
