// A small element builder: el('a', { href }, 'text', child…). Attributes starting with "on" are listeners;
// false/null/undefined attributes are left out. Text is set as text, never parsed as HTML.
export function el(tag, attributes = {}, ...children) {
  const isSvg = ['svg', 'rect', 'g', 'text', 'line', 'title', 'desc'].includes(tag);
  const element = isSvg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** A <dl> of label → value pairs. */
export function facts(pairs) {
  return el('dl', { class: 'facts' }, ...pairs.flatMap(([label, value]) => [el('dt', {}, label), el('dd', {}, value)]));
}
