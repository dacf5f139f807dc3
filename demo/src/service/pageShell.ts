/** What the page code needs to start the SDK; embedded in the page as JSON. */
export interface PageSettings {
  app: string
  key: string
  endpoint: string
  release: string
  environment: string
  journeys: { name: string; steps: { name: string; route: string }[] }[]
}

// `<` escaped so that no value can close the script element.
const embed = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c')

/** The single HTML document of the shop; `app.js` renders each route into `main`. */
export const pageShell = (settings: PageSettings): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vigil demo shop</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{display:flex;gap:1rem;align-items:center;padding:.75rem 1.5rem;background:#1d2330}
header a{color:#fff;text-decoration:none}header .brand{font-weight:700;margin-right:auto}
main{max-width:56rem;margin:1.5rem auto;padding:0 1.5rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:1rem}
.card{background:#fff;border-radius:.5rem;padding:1rem;box-shadow:0 1px 2px #0002}
button{font:inherit;padding:.5rem 1rem;border:0;border-radius:.375rem;background:#2f6fed;color:#fff;cursor:pointer}
input{font:inherit;padding:.4rem;border:1px solid #c5cad3;border-radius:.375rem}
.error{color:#b3261e}
</style>
<script id="shop-settings" type="application/json">${embed(settings)}</script>
<script type="module" src="/assets/app.js"></script>
</head>
<body>
<header><a class="brand" href="/" data-link>Trailhead outfitters</a><a href="/search" data-link>Search</a><a href="/cart" data-link>Cart</a><a href="/login" data-link>Sign in</a></header>
<main id="view"></main>
</body>
</html>
`
