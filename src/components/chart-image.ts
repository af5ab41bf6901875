// A chart as a stand-alone picture: an opaque background (a transparent PNG is unreadable in a dark
// viewer), a title, the plot as drawn, and a legend drawn underneath (uPlot's legend is HTML, so it is
// not on the canvas). Notes on the chart are listed under the legend.
export interface ChartImageParts {
  title: string;
  /** `band`: drawn as a filled swatch (a shaded band), not a line. */
  legend: Array<{ label: string; color: string; dashed: boolean; band?: boolean }>;
  /** Marker labels, listed as text under the legend. */
  markers: string[];
  background: string;
  foreground: string;
}

export function composeChartImage(plot: HTMLCanvasElement, parts: ChartImageParts): Promise<Blob | null> {
  const scale = plot.width / Math.max(1, plot.clientWidth || plot.width);
  const pad = Math.round(12 * scale);
  const line = Math.round(18 * scale);
  const font = (px: number, weight = 400) => `${weight} ${Math.round(px * scale)}px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif`;
  const width = plot.width + 2 * pad;

  // Lay the legend out in rows first, to know the picture's height.
  const measure = document.createElement('canvas').getContext('2d')!;
  measure.font = font(12);
  const swatch = Math.round(22 * scale);
  const rows: Array<Array<{ x: number; item: ChartImageParts['legend'][number] }>> = [[]];
  let x = pad;
  for (const item of parts.legend) {
    const w = swatch + Math.round(6 * scale) + measure.measureText(item.label).width + Math.round(16 * scale);
    if (x + w > width - pad && rows.at(-1)!.length) {
      rows.push([]);
      x = pad;
    }
    rows.at(-1)!.push({ x, item });
    x += w;
  }
  const notes = parts.markers.slice(0, 6);
  const height = pad + line + pad / 2 + plot.height + pad / 2 + rows.length * line + notes.length * line + pad;

  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = Math.ceil(height);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = parts.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = parts.foreground;
  ctx.textBaseline = 'middle';
  ctx.font = font(14, 600);
  ctx.fillText(parts.title, pad, pad + line / 2);
  const plotTop = pad + line + pad / 2;
  ctx.drawImage(plot, pad, plotTop);

  let y = plotTop + plot.height + pad / 2 + line / 2;
  ctx.font = font(12);
  ctx.lineWidth = 2 * scale;
  for (const row of rows) {
    for (const { x: left, item } of row) {
      if (item.band) {
        ctx.globalAlpha = 0.3;
        ctx.fillStyle = item.color;
        ctx.fillRect(left, y - line / 4, swatch, line / 2);
        ctx.globalAlpha = 1;
        ctx.fillStyle = parts.foreground;
        ctx.fillText(item.label, left + swatch + 6 * scale, y);
        continue;
      }
      ctx.strokeStyle = item.color;
      ctx.setLineDash(item.dashed ? [6 * scale, 4 * scale] : []);
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(left + swatch, y);
      ctx.stroke();
      ctx.fillText(item.label, left + swatch + 6 * scale, y);
    }
    y += line;
  }
  ctx.setLineDash([]);
  for (const note of notes) {
    ctx.fillText(`! ${note}`.slice(0, 160), pad, y);
    y += line;
  }
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}
