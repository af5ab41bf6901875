// Canvas (uPlot) cannot read CSS variables, and ours hold light-dark(...) pairs that only an element's
// computed colour turns into one value; so a colour is resolved through a hidden element under `host`.
export function themeColour(host: HTMLElement, variable: string): string {
  const probe = document.createElement('span');
  probe.style.color = `var(${variable})`;
  probe.style.display = 'none';
  host.append(probe);
  const c = getComputedStyle(probe).color;
  probe.remove();
  return c;
}
