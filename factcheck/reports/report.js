// factcheck HTML report: selection, hover linking and filters. Plain ES2017, no libraries.
(function () {
  "use strict";
  const findings = Array.from(document.querySelectorAll(".finding"));
  const marks = Array.from(document.querySelectorAll("mark.claim"));
  const form = document.getElementById("filters");
  const byId = (id) => document.getElementById(id);
  const claimsOf = (finding) => finding.dataset.claims.split(" ").map(byId).filter(Boolean);
  const findingsOf = (mark) => mark.dataset.findings.split(" ").filter(Boolean).map(byId);
  const visible = (finding) => !finding.hidden;

  function select(finding, scroll) {
    document.querySelectorAll(".selected").forEach((el) => el.classList.remove("selected"));
    if (!finding) return;
    finding.classList.add("selected");
    const claims = claimsOf(finding);
    claims.forEach((mark) => {
      mark.classList.add("selected");
      if (scroll) reveal(mark);
    });
    if (scroll && claims.length) claims[0].closest(".document").scrollIntoView({ inline: "nearest", block: "nearest" });
    try {
      history.replaceState(null, "", "#" + finding.id);
    } catch (error) {
      // Some browsers refuse to rewrite file:// addresses; the selection stands anyway.
    }
  }

  // Each article scrolls on its own, so every claim of a finding can be in view at once.
  function reveal(mark) {
    const pane = mark.closest(".text");
    pane.scrollTop = Math.max(0, mark.offsetTop - pane.clientHeight / 3);
  }

  function link(marksToLink, on) {
    marksToLink.forEach((mark) => mark.classList.toggle("linked", on));
  }

  findings.forEach((finding) => {
    finding.addEventListener("click", (event) => {
      event.preventDefault();
      select(finding, true);
    });
    finding.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); select(finding, true); }
    });
    finding.addEventListener("mouseenter", () => link(claimsOf(finding), true));
    finding.addEventListener("mouseleave", () => link(claimsOf(finding), false));
  });

  marks.forEach((mark) => {
    const partners = () => findingsOf(mark).filter(visible).flatMap(claimsOf);
    mark.addEventListener("mouseenter", () => link(partners(), true));
    mark.addEventListener("mouseleave", () => link(partners(), false));
    mark.addEventListener("click", () => {
      const finding = findingsOf(mark).find(visible);
      if (!finding) return;
      select(finding, true);
      finding.scrollIntoView({ block: "nearest", behavior: "smooth" });
    });
  });

  function checked(name) {
    return new Set(Array.from(form.querySelectorAll(`input[name="${name}"]:checked`), (i) => i.value));
  }

  function applyFilters() {
    const rules = checked("rule"), kinds = checked("kind"), severities = checked("severity");
    const slider = form.querySelector('input[name="confidence"]');
    const least = parseFloat(slider.value);
    form.querySelector('output[name="confidence-value"]').value = least.toFixed(2);
    let shown = 0;
    findings.forEach((finding) => {
      const d = finding.dataset;
      finding.hidden = !(rules.has(d.rule) && kinds.has(d.kind) && severities.has(d.severity)
        && parseFloat(d.confidence) >= least);
      if (!finding.hidden) shown += 1;
    });
    // A claim whose findings are all filtered out reads as a plain claim again.
    marks.forEach((mark) => {
      const ids = findingsOf(mark);
      if (ids.length) mark.classList.toggle("muted", !ids.some(visible));
    });
    document.querySelectorAll(".refs .ref").forEach((ref) => {
      ref.classList.toggle("hidden", byId(ref.getAttribute("href").slice(1)).hidden);
    });
    byId("shown").textContent = `(${shown} of ${findings.length})`;
    byId("empty").hidden = shown > 0 || findings.length === 0;
    const selected = document.querySelector(".finding.selected");
    if (selected && selected.hidden) select(null, false);
  }

  form.addEventListener("input", applyFilters);
  form.addEventListener("submit", (event) => event.preventDefault());

  // j and k step through the findings that are shown.
  document.addEventListener("keydown", (event) => {
    if (event.target.matches("input") || !["j", "k"].includes(event.key)) return;
    const list = findings.filter(visible);
    if (!list.length) return;
    const at = list.indexOf(document.querySelector(".finding.selected"));
    const next = list[Math.max(0, Math.min(list.length - 1, at + (event.key === "j" ? 1 : -1)))];
    select(next, true);
    next.scrollIntoView({ block: "nearest" });
    next.focus({ preventScroll: true });
  });

  // Filters can be set from the address, to share a view: ?rule=counts.casualties&confidence=0.8
  // (a name given lists the values to keep checked; names not given keep every value).
  const wanted = new URLSearchParams(location.search);
  form.querySelectorAll("input").forEach((input) => {
    if (!wanted.has(input.name)) return;
    if (input.type === "checkbox") input.checked = wanted.getAll(input.name).includes(input.value);
    else input.value = wanted.get(input.name);
  });
  applyFilters();
  const start = location.hash && byId(location.hash.slice(1));
  if (start && start.classList.contains("finding")) select(start, true);
})();
