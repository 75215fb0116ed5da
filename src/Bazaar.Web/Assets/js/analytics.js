// The admin analytics dashboard. Draws the charts from the page's JSON data block with Chart.js (bundled under
// /assets/vendor), then keeps them, the headline figures and the tables up to date from the live event stream.
// The page is whole without this script: every chart's figures are also in a table, rendered by the server.

// Distinguishable for the common kinds of colour blindness, and at least 3:1 against white.
const Palette = ["#1f4e79", "#b3541e", "#2e7d32", "#6a3d9a", "#8a6d00", "#0f6b75"];
const Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const Hours = Array.from({ length: 24 }, (_, hour) => `${String(hour).padStart(2, "0")}:00`);
const HourLabels = Hours.map((hour) => hour.slice(0, 2));
const DayLabels = Weekdays.map((day) => day.slice(0, 3));

const block = document.getElementById("analytics-data");
if (block && window.Chart) {
  start(JSON.parse(block.textContent));
}

function start(data) {
  const Chart = window.Chart;
  const styles = getComputedStyle(document.body);
  Chart.defaults.font.family = styles.fontFamily;
  Chart.defaults.color = "#555e6b";
  Chart.defaults.maintainAspectRatio = false;
  if (matchMedia("(prefers-reduced-motion: reduce)").matches) Chart.defaults.animation = false;

  const state = {
    spanMs: data.spanHours * 3600_000,
    windows: new Map(data.windows.map((w) => [Date.parse(w.start), w])),
    lastHour: data.lastHour,
    anomalies: data.anomalies,
    anomalyIds: new Set(data.anomalies.map((a) => a.anomalyId)),
    anomaliesLast24Hours: data.anomaliesLast24Hours,
  };

  const charts = {
    orders: draw("orders", (canvas) => new Chart(canvas, {
      type: "bar",
      data: { labels: [], datasets: [{ label: "Orders placed", data: [], backgroundColor: Palette[0] }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    })),
    revenue: draw("revenue", (canvas) => new Chart(canvas, {
      type: "line",
      data: { labels: [], datasets: [] },
      options: {
        interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true } },
        plugins: { tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${amount(item.parsed.y, item.dataset.label)}` } } },
      },
    })),
  };
  if (data.peakHours) draw("peak-hours", (canvas) => heatMap(Chart, canvas, data.peakHours));
  showWindows(state, charts);

  if (data.stream) listen(data.stream, {
    window(result) {
      if (result.kind === "sliding") {
        const shown = state.lastHour;
        const newer = !shown || Date.parse(result.end) > Date.parse(shown.end)
          || (Date.parse(result.end) === Date.parse(shown.end) && result.revision >= shown.revision);
        if (newer) {
          state.lastHour = result;
          showLastHour(result);
        }
        return;
      }
      // A correction carries the next revision of the same window: it replaces the one shown, never the other way round.
      const key = Date.parse(result.start);
      const shown = state.windows.get(key);
      if (shown && shown.revision > result.revision) return;
      state.windows.set(key, result);
      showWindows(state, charts);
    },
    anomaly(anomaly) {
      if (state.anomalyIds.has(anomaly.anomalyId) || !data.liveAnomalies) return;
      state.anomalyIds.add(anomaly.anomalyId);
      state.anomalies = [anomaly, ...state.anomalies].slice(0, data.anomaliesPerPage);
      state.anomaliesLast24Hours += 1;
      text("anomalies-24h", count(state.anomaliesLast24Hours));
      showAnomalies(state.anomalies);
    },
  });
}

/** Shows a chart's box and draws in it; where the box is not on the page (its section failed), draws nothing. */
function draw(name, create) {
  const canvas = document.querySelector(`canvas[data-chart="${name}"]`);
  if (!canvas) return null;
  canvas.parentElement.hidden = false;
  return create(canvas);
}

function heatMap(Chart, canvas, peak) {
  const most = Math.max(1, ...peak.cells.map((cell) => cell.orders));
  return new Chart(canvas, {
    type: "matrix",
    data: {
      datasets: [{
        label: "Orders",
        data: peak.cells.map((cell) => ({ x: HourLabels[cell.hour], y: DayLabels[cell.dayOfWeek - 1], v: cell.orders, cell })),
        // Darker is busier; the tooltip and the table give the number.
        backgroundColor: (context) => `rgb(31 78 121 / ${0.12 + 0.88 * ((context.raw?.v ?? 0) / most)})`,
        borderColor: "#ffffff",
        borderWidth: 1,
        width: ({ chart }) => (chart.chartArea?.width ?? 0) / 24,
        height: ({ chart }) => (chart.chartArea?.height ?? 0) / 7,
      }],
    },
    options: {
      // Cells flying in from the corner say nothing about when orders come.
      animation: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => `${Weekdays[items[0].raw.cell.dayOfWeek - 1]} ${Hours[items[0].raw.cell.hour]} UTC`,
            label: (item) => [`${count(item.raw.v)} orders`, ...item.raw.cell.revenue.map((r) => amount(r.revenue, r.currency))],
          },
        },
      },
      scales: {
        x: { type: "category", labels: HourLabels, offset: true, grid: { display: false } },
        // A vertical category axis counts upwards: Sunday first puts Monday on top, as in the table.
        y: { type: "category", labels: [...DayLabels].reverse(), offset: true, grid: { display: false } },
      },
    },
  });
}

/** The tumbling windows of the span up to the latest one, oldest first: charts, table, and the regions' sums. */
function showWindows(state, charts) {
  const latest = Math.max(0, ...[...state.windows.values()].map((w) => Date.parse(w.end)));
  for (const key of state.windows.keys()) {
    if (key < latest - state.spanMs) state.windows.delete(key);
  }
  const windows = [...state.windows.entries()].sort(([a], [b]) => a - b).map(([, w]) => w);
  const labels = windows.map((w) => new Date(w.start).toISOString().slice(11, 16));

  if (charts.orders) {
    charts.orders.data.labels = labels;
    charts.orders.data.datasets[0].data = windows.map((w) => w.ordersPlaced);
    charts.orders.update();
  }
  if (charts.revenue) {
    const currencies = [...new Set(windows.flatMap((w) => w.revenue.map((r) => r.currency)))].sort();
    charts.revenue.data.labels = labels;
    charts.revenue.data.datasets = currencies.map((currency, index) => ({
      label: currency,
      data: windows.map((w) => w.revenue.find((r) => r.currency === currency)?.revenue ?? 0),
      borderColor: Palette[index % Palette.length],
      backgroundColor: Palette[index % Palette.length],
      tension: 0.2,
    }));
    charts.revenue.update();
  }

  rows("windows", windows.map((w) => ({
    cells: [span(w.start, w.end), count(w.ordersPlaced), count(w.ordersConfirmed), count(w.cancellations), count(w.itemsSold), revenue(w.revenue), count(w.lateEvents)],
  })));

  // Added up as the server does (AnalyticsDashboard.ByRegion): by country, region (none first), currency; ordinal.
  const regions = new Map();
  for (const figures of windows.flatMap((w) => w.byRegion)) {
    const key = JSON.stringify([figures.country, figures.region ?? "", figures.currency]);
    const sum = regions.get(key) ?? { ...figures, orders: 0, revenue: 0 };
    sum.orders += figures.orders;
    sum.revenue += figures.revenue;
    regions.set(key, sum);
  }
  rows("regions", [...regions.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => ({
    cells: [r.country, r.region ?? "—", count(r.orders), amount(r.revenue, r.currency)],
  })));
}

function showLastHour(view) {
  text("orders", count(view.ordersPlaced));
  text("revenue", revenue(view.revenue));
  text("average-order-value", amounts(view.revenue.map((r) => [r.currency, r.averageOrderValue])));
  text("late-events", count(view.lateEvents));
  const period = document.querySelector("[data-last-hour-span]");
  if (period) period.textContent = span(view.start, view.end);
  rows("top-by-quantity", view.topProductsByQuantity.map((p) => ({ cells: [p.name, count(p.quantity)] })));
  rows("top-by-revenue", view.topProductsByRevenue.map((p) => ({ cells: [p.name, amount(p.revenue, p.currency), count(p.quantity)] })));
}

function showAnomalies(anomalies) {
  rows("anomalies", anomalies.map((a) => ({
    id: a.anomalyId,
    cells: [anomalyTitle(a), span(a.windowStart, a.windowEnd), anomalyFigure(a, a.observed), anomalyFigure(a, a.expected), a.score.toFixed(1), a.description],
  })));
}

/** Replaces a table's rows (the first cell is the row's header), and shows its "none" note when there are none. */
function rows(name, list) {
  const body = document.querySelector(`tbody[data-rows="${name}"]`);
  if (!body) return;
  body.replaceChildren(...list.map(({ id, cells }) => {
    const row = document.createElement("tr");
    if (id) row.dataset.anomalyId = id;
    const [first, ...rest] = cells;
    row.append(Object.assign(document.createElement("th"), { scope: "row", textContent: first }));
    for (const cell of rest) row.append(Object.assign(document.createElement("td"), { textContent: cell }));
    return row;
  }));
  const none = document.querySelector(`[data-empty="${name}"]`);
  if (none) none.hidden = list.length > 0;
}

function text(figure, value) {
  for (const element of document.querySelectorAll(`[data-figure="${figure}"]`)) element.textContent = value;
}

/** Follows the dashboard's event stream, and says on the page whether it is live. */
function listen(url, handlers) {
  const indicator = document.querySelector("[data-live]");
  const label = indicator?.querySelector("[data-live-text]");
  const show = (stateName, message) => {
    if (!indicator) return;
    indicator.hidden = false;
    indicator.dataset.state = stateName;
    label.textContent = message;
  };
  let delay = 5000;
  const connect = () => {
    const source = new EventSource(url);
    source.addEventListener("open", () => {
      delay = 5000;
      show("on", "Live: the figures update as windows close.");
    });
    for (const [name, handle] of Object.entries(handlers)) {
      source.addEventListener(name, (event) => {
        try {
          handle(JSON.parse(event.data));
        } catch {
          // An event this page cannot read changes nothing; the next one may.
        }
      });
    }
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CONNECTING) {
        show("connecting", "Reconnecting to live updates…");
        return;
      }
      // Refused or gone (EventSource gives up on any answer but 200): try again later, less and less often.
      source.close();
      show("off", "Live updates are off; the figures are as of the page's loading. Trying again shortly.");
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 120_000);
    });
  };
  show("connecting", "Connecting to live updates…");
  connect();
}

// Figures written as the server writes them (AnalyticsText), so an update reads like the page it changes.
function count(value) {
  return Number(value).toLocaleString("en-US", { maximumFractionDigits: 0 });
}

function amount(value, currency) {
  const digits = Number(value).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const symbol = { EUR: "€", USD: "$", GBP: "£" }[currency];
  return symbol ? `${symbol}${digits}` : `${digits} ${currency}`;
}

function amounts(pairs) {
  return pairs.length === 0 ? "—" : pairs.map(([currency, value]) => amount(value, currency)).join(" · ");
}

function revenue(figures) {
  return amounts(figures.map((r) => [r.currency, r.revenue]));
}

function span(start, end) {
  const from = new Date(start).toISOString();
  const to = new Date(end).toISOString();
  const sameDay = from.slice(0, 10) === to.slice(0, 10);
  return `${from.slice(0, 10)} ${from.slice(11, 16)}–${sameDay ? to.slice(11, 16) : `${to.slice(0, 10)} ${to.slice(11, 16)}`} UTC`;
}

function anomalyTitle(anomaly) {
  const metric = { orders: "Orders", revenue: "Revenue", "payment-failure-rate": "Payment failure rate" }[anomaly.metric] ?? anomaly.metric;
  return `${metric}${anomaly.currency ? ` (${anomaly.currency})` : ""} ${anomaly.kind}`;
}

function anomalyFigure(anomaly, value) {
  return anomaly.metric === "revenue" && anomaly.currency
    ? amount(value, anomaly.currency)
    : Number(value).toLocaleString("en-US", { maximumFractionDigits: 3 });
}
