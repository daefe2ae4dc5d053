// kongtun's module for Fava, loaded by Fava on every page (has_js_module): Fava's own
// header, sidebar and pages draw Thai with the Sarabun font this extension serves, so a phone
// without a Thai font shows Thai letters, not boxes. Fava's fonts come first (they have no
// Thai letters); Sarabun draws what they lack.
const FACES = [
  ["Sarabun-Regular.ttf", "normal", "normal"],
  ["Sarabun-Bold.ttf", "bold", "normal"],
  ["Sarabun-Italic.ttf", "normal", "italic"],
];

function install() {
  if (document.getElementById("kongtun-fonts")) {
    return;
  }
  const faces = FACES.map(([file, weight, style]) => {
    const url = new URL(`../extension/KongTun/${file}`, import.meta.url);
    return (
      `@font-face { font-family: "Sarabun"; font-weight: ${weight}; font-style: ${style}; ` +
      `font-display: swap; src: url("${url}") format("truetype"); }`
    );
  });
  const element = document.createElement("style");
  element.id = "kongtun-fonts";
  element.textContent = `${faces.join("\n")}
:root { --font-family: "Fira Sans", "Sarabun", sans-serif;
  --font-family-monospaced: "Fira Mono", "Sarabun", monospace;
  --font-family-editor: "Source Code Pro", "Sarabun", monospace; }`;
  document.head.append(element);
}

export default {
  init() {
    install();
  },
  onPageLoad() {
    install();
  },
};
