// Snip's own script: no inline handlers anywhere (the CSP forbids them).
// Buttons with data-copy="#input" copy that input's value to the clipboard.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.querySelector(button.dataset.copy);
  if (!source) return;
  const label = button.querySelector("span") || button;
  // The page's live region (base.html) says it to screen readers as well.
  const status = document.getElementById("live-status");
  const done = (text) => {
    label.textContent = text;
    if (status) status.textContent = text === "Copied" ? "Copied to the clipboard" : text;
    setTimeout(() => { label.textContent = "Copy"; }, 2000);
  };
  // An input's value, or the text of an element (a short URL in the list).
  const text = "value" in source ? source.value : source.textContent.trim();
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(() => done("Copied"), () => done("Press Ctrl+C"));
  } else {
    if (source.select) source.select();
    done("Press Ctrl+C");
  }
});

// Times are written in UTC (what a page without scripts shows); shown here in the reader's own
// zone, with the zone named. The UTC text stays as the element's title.
const localTime = new Intl.DateTimeFormat(undefined, {
  day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
});
for (const element of document.querySelectorAll("time[datetime]")) {
  const at = new Date(element.getAttribute("datetime"));
  if (Number.isNaN(at.getTime()) || !element.getAttribute("datetime").includes("T")) continue;
  element.title = element.textContent;
  element.textContent = localTime.format(at);
}
