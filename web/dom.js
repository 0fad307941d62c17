// A tiny element builder. Text always goes in as textContent, never as HTML, so names typed by
// users (in any script) cannot inject markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An element whose text is the translation of key, re-translated on language switch. */
export function label(tag, key, attrs = {}) {
  return h(tag, { ...attrs, "data-i18n": key });
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** A directory object's name in the page's language: its Tibetan name in the Tibetan UI. */
export function nameOf(thing, lang) {
  return lang === "bo" && thing?.nameBo ? thing.nameBo : thing?.name ?? "";
}
