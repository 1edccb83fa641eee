// Snip's own script: no inline handlers anywhere (the CSP forbids them).
// Buttons with data-copy="#input" copy that input's value to the clipboard.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.querySelector(button.dataset.copy);
  if (!source) return;
  const label = button.querySelector("span") || button;
  const done = (text) => {
    label.textContent = text;
    setTimeout(() => { label.textContent = "Copy"; }, 2000);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(source.value).then(() => done("Copied"), () => done("Press Ctrl+C"));
  } else {
    source.select();
    done("Press Ctrl+C");
  }
});
