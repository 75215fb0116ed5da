// Bazaar's few scripts. The pages work without them; these only make them quicker to use.

// Suggestions while typing in the search box: the storefront's own endpoint fills the box's datalist.
for (const input of document.querySelectorAll("input[data-suggest]")) {
  const list = document.getElementById(input.getAttribute("list"));
  let timer;
  let asked = "";
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const prefix = input.value.trim();
    if (prefix.length < 2 || prefix === asked) return;
    timer = setTimeout(async () => {
      asked = prefix;
      try {
        const response = await fetch(`${input.dataset.suggest}?q=${encodeURIComponent(prefix)}`, { headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const suggestions = await response.json();
        list.replaceChildren(...suggestions.map((text) => Object.assign(document.createElement("option"), { value: text })));
      } catch {
        // No suggestions this time; searching still works.
      }
    }, 150);
  });
}

// Forms marked data-autosubmit apply a changed choice at once (the sort order).
for (const form of document.querySelectorAll("form[data-autosubmit]")) {
  form.addEventListener("change", () => form.requestSubmit());
}

// A form marked data-once is sent once: a double click never places two orders (the idempotency key backs this up).
for (const form of document.querySelectorAll("form[data-once]")) {
  form.addEventListener("submit", (event) => {
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    for (const button of form.querySelectorAll("button[type=submit]")) button.disabled = true;
  });
}

// An order that is still settling is watched: the page reloads when its status changes.
const watched = document.querySelector("[data-order-status]");
if (watched) {
  const initial = watched.dataset.orderStatus;
  const url = watched.dataset.statusUrl;
  let delay = 500;
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const { status } = await response.json();
        if (status !== initial) {
          location.reload();
          return;
        }
      }
    } catch {
      // The next poll tries again.
    }
    delay = Math.min(delay * 1.5, 5000);
    setTimeout(poll, delay);
  };
  setTimeout(poll, delay);
}
