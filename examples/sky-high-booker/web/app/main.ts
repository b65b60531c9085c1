// Sky High Booker: a tiny single-page app with client-side routes (/ and /flights/<id>).
interface Flight {
  id: string;
  from: string;
  to: string;
  departs: string;
  price: number;
}

const FLIGHTS: Flight[] = [
  { id: "SH101", from: "JFK", to: "LAX", departs: "08:15", price: 189 },
  { id: "SH202", from: "BOS", to: "SFO", departs: "11:40", price: 229 },
  { id: "SH303", from: "ORD", to: "MIA", departs: "17:05", price: 149 },
];

function render(): void {
  const root = document.getElementById("root");
  if (!root) return;
  const match = /^\/flights\/(\w+)$/.exec(location.pathname);
  const flight = match ? FLIGHTS.find((f) => f.id === match[1]) : undefined;
  root.innerHTML = flight
    ? `<header><h1>Flight ${flight.id}</h1></header><p>${flight.from} → ${flight.to}, departs ${flight.departs}, $${flight.price}</p><a href="/" data-link>All flights</a>`
    : `<header><h1>Sky High Booker</h1></header>${FLIGHTS.map((f) => `<a class="flight" href="/flights/${f.id}" data-link><span>${f.from} → ${f.to}</span><span>$${f.price}</span></a>`).join("")}`;
}

document.addEventListener("click", (e) => {
  const a = (e.target as Element).closest("a[data-link]");
  if (!(a instanceof HTMLAnchorElement)) return;
  e.preventDefault();
  history.pushState(null, "", a.pathname);
  render();
});
addEventListener("popstate", render);
render();
