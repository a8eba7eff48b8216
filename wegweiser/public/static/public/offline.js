/* Wegweiser offline guide: registers the service worker, saves a region's guide in one
   language into a Cache and keeps it current (only what changed), and searches the saved
   guide. The search is wegweiser/guide/search.py ported line by line: keep both the same. */
"use strict";
(() => {
  // ------------------------------------------------------------------ search (port of search.py)
  const FOLD = { "ß": "ss", "ä": "a", "ö": "o", "ü": "u", "أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك" };
  const FOLD_RE = /[ßäöüأإآةىیک]/g;
  // Code points with a canonical combining class other than 0 (Python's unicodedata.combining),
  // generated from Python's Unicode tables; test_offline.py checks that they still agree.
  const MARKS = /[\u{300}-\u{34e}\u{350}-\u{36f}\u{483}-\u{487}\u{591}-\u{5bd}\u{5bf}\u{5c1}-\u{5c2}\u{5c4}-\u{5c5}\u{5c7}\u{610}-\u{61a}\u{64b}-\u{65f}\u{670}\u{6d6}-\u{6dc}\u{6df}-\u{6e4}\u{6e7}-\u{6e8}\u{6ea}-\u{6ed}\u{711}\u{730}-\u{74a}\u{7eb}-\u{7f3}\u{7fd}\u{816}-\u{819}\u{81b}-\u{823}\u{825}-\u{827}\u{829}-\u{82d}\u{859}-\u{85b}\u{898}-\u{89f}\u{8ca}-\u{8e1}\u{8e3}-\u{8ff}\u{93c}\u{94d}\u{951}-\u{954}\u{9bc}\u{9cd}\u{9fe}\u{a3c}\u{a4d}\u{abc}\u{acd}\u{b3c}\u{b4d}\u{bcd}\u{c3c}\u{c4d}\u{c55}-\u{c56}\u{cbc}\u{ccd}\u{d3b}-\u{d3c}\u{d4d}\u{dca}\u{e38}-\u{e3a}\u{e48}-\u{e4b}\u{eb8}-\u{eba}\u{ec8}-\u{ecb}\u{f18}-\u{f19}\u{f35}\u{f37}\u{f39}\u{f71}-\u{f72}\u{f74}\u{f7a}-\u{f7d}\u{f80}\u{f82}-\u{f84}\u{f86}-\u{f87}\u{fc6}\u{1037}\u{1039}-\u{103a}\u{108d}\u{135d}-\u{135f}\u{1714}-\u{1715}\u{1734}\u{17d2}\u{17dd}\u{18a9}\u{1939}-\u{193b}\u{1a17}-\u{1a18}\u{1a60}\u{1a75}-\u{1a7c}\u{1a7f}\u{1ab0}-\u{1abd}\u{1abf}-\u{1ace}\u{1b34}\u{1b44}\u{1b6b}-\u{1b73}\u{1baa}-\u{1bab}\u{1be6}\u{1bf2}-\u{1bf3}\u{1c37}\u{1cd0}-\u{1cd2}\u{1cd4}-\u{1ce0}\u{1ce2}-\u{1ce8}\u{1ced}\u{1cf4}\u{1cf8}-\u{1cf9}\u{1dc0}-\u{1dff}\u{20d0}-\u{20dc}\u{20e1}\u{20e5}-\u{20f0}\u{2cef}-\u{2cf1}\u{2d7f}\u{2de0}-\u{2dff}\u{302a}-\u{302f}\u{3099}-\u{309a}\u{a66f}\u{a674}-\u{a67d}\u{a69e}-\u{a69f}\u{a6f0}-\u{a6f1}\u{a806}\u{a82c}\u{a8c4}\u{a8e0}-\u{a8f1}\u{a92b}-\u{a92d}\u{a953}\u{a9b3}\u{a9c0}\u{aab0}\u{aab2}-\u{aab4}\u{aab7}-\u{aab8}\u{aabe}-\u{aabf}\u{aac1}\u{aaf6}\u{abed}\u{fb1e}\u{fe20}-\u{fe2f}\u{101fd}\u{102e0}\u{10376}-\u{1037a}\u{10a0d}\u{10a0f}\u{10a38}-\u{10a3a}\u{10a3f}\u{10ae5}-\u{10ae6}\u{10d24}-\u{10d27}\u{10eab}-\u{10eac}\u{10f46}-\u{10f50}\u{10f82}-\u{10f85}\u{11046}\u{11070}\u{1107f}\u{110b9}-\u{110ba}\u{11100}-\u{11102}\u{11133}-\u{11134}\u{11173}\u{111c0}\u{111ca}\u{11235}-\u{11236}\u{112e9}-\u{112ea}\u{1133b}-\u{1133c}\u{1134d}\u{11366}-\u{1136c}\u{11370}-\u{11374}\u{11442}\u{11446}\u{1145e}\u{114c2}-\u{114c3}\u{115bf}-\u{115c0}\u{1163f}\u{116b6}-\u{116b7}\u{1172b}\u{11839}-\u{1183a}\u{1193d}-\u{1193e}\u{11943}\u{119e0}\u{11a34}\u{11a47}\u{11a99}\u{11c3f}\u{11d42}\u{11d44}-\u{11d45}\u{11d97}\u{16af0}-\u{16af4}\u{16b30}-\u{16b36}\u{16ff0}-\u{16ff1}\u{1bc9e}\u{1d165}-\u{1d169}\u{1d16d}-\u{1d172}\u{1d17b}-\u{1d182}\u{1d185}-\u{1d18b}\u{1d1aa}-\u{1d1ad}\u{1d242}-\u{1d244}\u{1e000}-\u{1e006}\u{1e008}-\u{1e018}\u{1e01b}-\u{1e021}\u{1e023}-\u{1e024}\u{1e026}-\u{1e02a}\u{1e130}-\u{1e136}\u{1e2ae}\u{1e2ec}-\u{1e2ef}\u{1e8d0}-\u{1e8d6}\u{1e944}-\u{1e94a}]/gu;
  const SPLIT = /[^\p{L}\p{N}_]+|_+/u; // Python's [^\w]+|_+
  const ENDINGS = ["ern", "en", "er", "es", "e", "n", "s"];
  const chars = (s) => Array.from(s); // code points, as Python counts

  const normalize = (text) => {
    const folded = (text || "").normalize("NFKC").toLowerCase().replace(FOLD_RE, (c) => FOLD[c]);
    return folded.normalize("NFD").replace(MARKS, "").split(SPLIT).filter(Boolean);
  };

  const stem = (token) => {
    const n = chars(token).length;
    if (n < 5) return token;
    for (const ending of ENDINGS) {
      if (token.endsWith(ending) && n - ending.length >= 4) return token.slice(0, -ending.length);
    }
    return token;
  };

  const editDistance = (s, t, limit) => {
    const a = chars(s), b = chars(t);
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let previous2 = [];
    let previous = b.map((_, j) => j + 1);
    previous.unshift(0);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          current[j] = Math.min(current[j], previous2[j - 2] + 1);
        }
      }
      if (Math.min(...current) > limit) return limit + 1;
      previous2 = previous;
      previous = current;
    }
    return previous[previous.length - 1];
  };

  const allowedTypos = (q) => {
    const n = chars(q).length;
    return n >= 9 ? 2 : n >= 5 ? 1 : 0;
  };

  const tokenMatch = (q, docStems) => {
    let best = 0;
    const typos = allowedTypos(q);
    for (const doc of docStems) {
      if (doc === q) return 2;
      if (doc.includes(q) || (typos && best === 0 && editDistance(q, doc, typos) <= typos)) best = 1;
    }
    return best;
  };

  const stems = (text) => new Set(normalize(text).map(stem));
  const index = (documents) =>
    documents.map((d) => ({ document: d, titleStems: stems(d.title), textStems: stems(d.text) }));

  const byCodePoint = (x, y) => {
    const a = chars(x), b = chars(y);
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = a[i].codePointAt(0) - b[i].codePointAt(0);
      if (d) return d;
    }
    return a.length - b.length;
  };

  const search = (indexed, query, limit = 50) => {
    const queryStems = [...new Set(normalize(query).map(stem))];
    if (!queryStems.length) return [];
    const scored = [];
    for (const entry of indexed) {
      let score = 0;
      let matched = true;
      for (const q of queryStems) {
        const inTitle = tokenMatch(q, entry.titleStems);
        const inText = inTitle ? 0 : tokenMatch(q, entry.textStems);
        if (!inTitle && !inText) {
          matched = false;
          break;
        }
        score += (inTitle ? 3 : 1) + (inTitle === 2 || inText === 2 ? 1 : 0);
      }
      if (matched) scored.push([score, entry.document.title.toLowerCase(), entry.document]);
    }
    scored.sort((x, y) => y[0] - x[0] || byCodePoint(x[1], y[1]));
    return scored.slice(0, limit).map((s) => s[2]);
  };

  window.wegweiserSearch = { normalize, stem, editDistance, tokenMatch, index, search };

  // ------------------------------------------------------------------ saving and syncing
  if (!("serviceWorker" in navigator && "caches" in window)) return;
  const script = document.currentScript;
  navigator.serviceWorker.register(script.dataset.sw, { scope: "/" }).catch(() => {});

  const MATCH = { ignoreVary: true };
  const readJSON = async (cache, url) => {
    const response = await cache.match(url, MATCH);
    return response ? response.json() : null;
  };

  const getAll = async (urls) => {
    // Everything is fetched before anything is written: a failure leaves the saved copy as it was.
    const responses = [];
    for (let i = 0; i < urls.length; i += 6) {
      const batch = urls.slice(i, i + 6).map(async (url) => {
        const response = await fetch(url, { credentials: "omit", cache: "no-cache" });
        if (!response.ok) throw new Error(`${response.status} ${url}`);
        return [url, response];
      });
      responses.push(...(await Promise.all(batch)));
    }
    return responses;
  };

  // The bundle's lists and the kind of item each holds (as the bundle's "deleted" names them).
  const LISTS = { pages: "page", offers: "offer", places: "place", events: "event", news: "news" };
  const getJSON = async (url) => {
    const response = await fetch(url, { credentials: "omit", cache: "no-store" });
    if (!response.ok) throw new Error(`${response.status} ${url}`);
    return response.json();
  };

  // Content comes from the API v1 bundle: in full the first time, then only what changed since
  // the saved "seq" and what is gone. Each item's page is saved by its URL; the state maps
  // "item:<id>" to the URL, so that a moved or removed item's old page is dropped. The list
  // pages are saved again when an item of the kind they show changed.
  const sync = async (base) => {
    const name = `wegweiser:${base}`;
    const stateUrl = `${base}offline/state`;
    const manifestUrl = `${base}offline/manifest.json`;
    let cache = await caches.open(name);
    const afresh = async () => {
      await caches.delete(name);
      cache = await caches.open(name);
    };
    let state = await readJSON(cache, stateUrl);
    if (state && !state.bundle) {
      await afresh(); // saved by an earlier version
      state = null;
    }
    let manifest = state ? null : await getJSON(manifestUrl);
    const bundleUrl = state ? state.bundle : manifest.bundle;
    const bundle = await getJSON(state ? `${bundleUrl}?since=${state.seq}` : bundleUrl);
    if (bundle.full && state) {
      await afresh(); // the server's number is behind ours (restored, reset)
      state = null;
    }
    const items = [];
    for (const [list, kind] of Object.entries(LISTS)) {
      for (const item of bundle[list]) items.push({ key: `item:${item.id}`, url: item.url, kind });
    }
    if (bundle.imprint) items.push({ key: `item:${bundle.imprint.id}`, url: bundle.imprint.url, kind: "imprint" });
    const kinds = new Set([...items, ...bundle.deleted].map((item) => item.kind));
    if (!manifest && (bundle.full || kinds.size)) manifest = await getJSON(manifestUrl); // pages to save: assets may be new
    state = state || { keys: {}, assets: [] };
    const urls = items.map((item) => item.url);
    const assets = manifest ? manifest.assets : state.assets;
    for (const page of manifest ? manifest.pages : []) {
      if (bundle.full || !page.kinds || page.kinds.some((kind) => kinds.has(kind))) urls.push(page.url);
    }
    for (const asset of assets) if (!(await cache.match(asset, MATCH))) urls.push(asset);
    const fetched = await getAll(urls);
    await Promise.all(fetched.map(([url, r]) => cache.put(url, r)));
    const gone = new Set(state.assets.filter((asset) => !assets.includes(asset)));
    for (const { id } of bundle.deleted) {
      if (state.keys[`item:${id}`]) gone.add(state.keys[`item:${id}`]);
      delete state.keys[`item:${id}`];
    }
    for (const item of items) {
      if (state.keys[item.key] && state.keys[item.key] !== item.url) gone.add(state.keys[item.key]);
      state.keys[item.key] = item.url;
    }
    const kept = new Set([...urls, ...Object.values(state.keys)]);
    for (const url of gone) if (!kept.has(url)) await cache.delete(url, MATCH);
    state = { seq: bundle.seq, at: Date.now(), bundle: bundleUrl, keys: state.keys, assets };
    await cache.put(stateUrl, new Response(JSON.stringify(state), { headers: { "Content-Type": "application/json" } }));
    return state;
  };

  // ------------------------------------------------------------------ the controls
  const controls = (box) => {
    const base = box.dataset.base;
    const button = box.querySelector("[data-offline-save]");
    const status = box.querySelector("[data-offline-status]");
    const say = (state, text) => {
      status.dataset.state = state;
      status.textContent = text;
    };
    const saved = (state) => {
      const date = new Date(state.at).toLocaleString(box.dataset.lang, { dateStyle: "medium", timeStyle: "short" });
      button.textContent = box.dataset.labelUpdate;
      say("saved", box.dataset.msgSaved.replace("%(date)s", date));
    };
    let busy = false;
    const run = async () => {
      if (busy) return;
      busy = true;
      button.disabled = true;
      say("saving", box.dataset.msgSaving);
      try {
        saved(await sync(base));
      } catch (error) {
        say("failed", box.dataset.msgFailed);
      } finally {
        busy = false;
        button.disabled = false;
      }
    };
    button.addEventListener("click", run);
    box.hidden = false;
    caches.open(`wegweiser:${base}`).then(async (cache) => {
      const state = await readJSON(cache, `${base}offline/state`);
      if (!state) return;
      if (!navigator.onLine) {
        button.textContent = box.dataset.labelUpdate;
        say("offline", box.dataset.msgOffline);
      } else if (Date.now() - state.at > 6 * 3600 * 1000) run(); // a later visit catches up
      else saved(state);
    });
  };

  // ------------------------------------------------------------------ the offline search page
  const searchPage = async (page) => {
    const base = page.dataset.base;
    const query = new URLSearchParams(location.search).get("q") || "";
    if (!location.pathname.endsWith("/search/") || !query) return;
    document.querySelectorAll("input[name=q]").forEach((input) => (input.value = query));
    page.querySelector("[data-offline-title]").textContent = page.dataset.titleSearch;
    page.querySelector("[data-offline-missing]").hidden = true;
    const cache = await caches.open(`wegweiser:${base}`);
    const results = search(index((await readJSON(cache, `${base}offline/search.json`)) || []), query);
    page.querySelector("[data-offline-results]").replaceChildren(
      ...results.map((d) => {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = d.url;
        link.textContent = d.title;
        item.append(link);
        return item;
      }),
    );
    page.querySelector("[data-offline-results-status]").textContent = results.length
      ? page.dataset.msgResults.replace("%(count)s", results.length)
      : page.dataset.msgNone;
  };

  const start = () => {
    document.querySelectorAll("[data-offline]").forEach(controls);
    const page = document.querySelector("[data-offline-page]");
    if (page) searchPage(page);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
