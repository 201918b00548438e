// Checks a region folder (gazetteer.json + districts.geojson). Plain Node 20, no dependencies.
//   node data/regions/zhambyl/check.mjs [region-dir]     (default: this file's folder)
// Exit code 0 when every check passes; warnings (points outside their district shape) do not fail.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
const DIR = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));
// DESIGN.md's stable codes for the default data set; another region's codes come from its own gazetteer.
const ZHAMBYL_CODES = ['taraz', 'baizak', 'zhambyl', 'zhualy', 'kordai', 'merke', 'moiynkum', 'sarysu', 'talas', 'shu', 'ryskulov'];
const errors = [];
const warn = [];
const fail = (m) => errors.push(m);
const norm = (s) => s.toLowerCase().replace(/ё/g, 'е').replace(/ı/g, 'i').replace(/[«»"“”'’.,()]/g, ' ').replace(/\s+/g, ' ').trim();
const FOLD = { ә: 'а', ғ: 'г', қ: 'к', ң: 'н', ө: 'о', ұ: 'у', ү: 'у', і: 'и', һ: 'х' };
const fold = (s) => [...norm(s)].map((c) => FOLD[c] ?? c).join('');

const g = JSON.parse(readFileSync(`${DIR}/gazetteer.json`, 'utf8'));
const geo = JSON.parse(readFileSync(`${DIR}/districts.geojson`, 'utf8'));
const CODES = g.region?.code === 'zhambyl' ? ZHAMBYL_CODES : [...new Set(g.districts.map((d) => d.code))];
// bounds: the GeoJSON's bounding box plus half a degree
const allVertices = geo.features.flatMap((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).flat(2));
const B = {
  lon0: Math.min(...allVertices.map((v) => v[0])) - 0.5, lon1: Math.max(...allVertices.map((v) => v[0])) + 0.5,
  lat0: Math.min(...allVertices.map((v) => v[1])) - 0.5, lat1: Math.max(...allVertices.map((v) => v[1])) + 0.5,
};

// shape
const top = ['_note', 'region', 'districts', 'settlements', 'microdistricts', 'streets', 'landmarks', 'ambiguous'];
for (const k of Object.keys(g)) if (!top.includes(k)) fail(`unexpected top-level key ${k}`);
for (const k of top) if (!(k in g)) fail(`missing top-level key ${k}`);
const r = g.region;
if (!r.code || !CODES.includes(r.capital) || !/^[+-]\d{2}:\d{2}$/.test(r.utcOffset ?? '')) fail('region header');
if (!r.name?.ru || !r.name?.kk || !r.name?.en || !Array.isArray(r.aliases)) fail('region names/aliases');

// districts
const seen = new Map();
for (const d of g.districts) seen.set(d.code, (seen.get(d.code) ?? 0) + 1);
for (const c of CODES) if (seen.get(c) !== 1) fail(`district ${c} present ${seen.get(c) ?? 0} times`);
for (const c of seen.keys()) if (!CODES.includes(c)) fail(`unknown district ${c}`);
const inRange = (lat, lon) => lat >= B.lat0 && lat <= B.lat1 && lon >= B.lon0 && lon <= B.lon1;
for (const d of g.districts) {
  if (!d.name?.ru || !d.name?.kk || !d.name?.en || !d.centre?.ru || !d.centre?.kk) fail(`names of ${d.code}`);
  if (!Number.isInteger(d.population) || d.population <= 0) fail(`population of ${d.code}`);
  if (!inRange(d.lat, d.lon)) fail(`centre of ${d.code} out of range`);
  if (!Array.isArray(d.aliases) || d.aliases.length === 0) fail(`aliases of ${d.code}`);
}
const check = (list, label, needsPoint) => {
  for (const e of list) {
    if (!CODES.includes(e.district)) fail(`${label} ${e.name?.ru}: bad district ${e.district}`);
    if (!e.name?.ru || !e.name?.kk) fail(`${label}: missing name`);
    if (!Array.isArray(e.aliases)) fail(`${label} ${e.name?.ru}: aliases`);
    if (needsPoint) {
      if (!['village', 'town', 'city'].includes(e.kind)) fail(`${label} ${e.name.ru}: kind ${e.kind}`);
      if (!Number.isInteger(e.population) || e.population <= 0) fail(`${label} ${e.name.ru}: population`);
      if (!inRange(e.lat, e.lon)) fail(`${label} ${e.name.ru}: coordinates out of range`);
    }
  }
};
check(g.settlements, 'settlement', true);
check(g.microdistricts, 'microdistrict', false);
check(g.streets, 'street', false);
check(g.landmarks, 'landmark', false);
const dupNames = new Set();
for (const s of g.settlements) {
  const k = `${s.district}:${norm(s.name.ru)}`;
  if (dupNames.has(k)) fail(`duplicate settlement ${k}`);
  dupNames.add(k);
}

// ambiguous
const amb = new Map();
for (const a of g.ambiguous) {
  if (!a.form || !Array.isArray(a.candidates) || a.candidates.length === 0) fail(`ambiguous entry ${JSON.stringify(a)}`);
  for (const c of a.candidates) if (!CODES.includes(c)) fail(`ambiguous ${a.form}: bad candidate ${c}`);
  if (a.default !== null && !a.candidates.includes(a.default)) fail(`ambiguous ${a.form}: default not a candidate`);
  if (amb.has(norm(a.form))) fail(`ambiguous form listed twice: ${a.form}`);
  amb.set(norm(a.form), a);
}
// every form that maps to two districts must be declared ambiguous (exact and folded comparison)
const forms = new Map();
const addForm = (f, code, where) => {
  for (const k of new Set([norm(f), fold(f)])) {
    if (!forms.has(k)) forms.set(k, new Map());
    forms.get(k).set(code, where);
  }
};
for (const d of g.districts) for (const f of [d.name.ru, d.name.kk, d.name.en, ...d.aliases]) addForm(f, d.code, `district ${d.code}`);
for (const [list, label] of [[g.settlements, 'settlement'], [g.microdistricts, 'microdistrict'], [g.streets, 'street'], [g.landmarks, 'landmark']])
  for (const e of list) for (const f of [e.name.ru, e.name.kk, ...e.aliases]) addForm(f, e.district, `${label} ${e.name.ru}`);
const ambFolded = new Set([...amb.keys()].flatMap((k) => [k, fold(k)]));
// an ambiguous form must list every district its names/aliases point to
for (const a of g.ambiguous)
  for (const k of new Set([norm(a.form), fold(a.form)]))
    for (const [c, where] of forms.get(k) ?? [])
      if (!a.candidates.includes(c)) fail(`ambiguous "${a.form}" lacks candidate ${c} (${where})`);
let collisions = 0;
for (const [k, m] of forms) {
  if (m.size > 1 && !ambFolded.has(k)) {
    collisions++;
    fail(`form "${k}" maps to ${[...m.entries()].map(([c, w]) => `${c} (${w})`).join(', ')} but is not in "ambiguous"`);
  }
}
for (const a of r.aliases) {
  const k = norm(a);
  if ((forms.has(k) || forms.has(fold(a))) && !ambFolded.has(k)) fail(`region alias "${a}" also resolves to a district`);
}

// mixed-script tokens (a Latin letter typed inside a Cyrillic word, or the reverse)
const allStrings = JSON.stringify(g).match(/"(?:[^"\\]|\\.)*"/g) ?? [];
for (const str of allStrings) for (const w of str.split(/[\s"./()-]+/))
  if (/[a-zäğñöūüşçı]/i.test(w) && /[а-яёәғқңөұүіһ]/i.test(w)) fail(`mixed-script word "${w}"`);

// GeoJSON
if (geo.type !== 'FeatureCollection') fail('geojson type');
if (!geo._note) fail('geojson _note');
const featCodes = new Map();
const polys = {};
const signedArea = (ring) => {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a / 2;
};
for (const f of geo.features) {
  const p = f.properties;
  featCodes.set(p.code, (featCodes.get(p.code) ?? 0) + 1);
  for (const k of ['code', 'name_ru', 'name_kk', 'name_en', 'population']) if (!(k in p)) fail(`feature ${p.code}: missing ${k}`);
  const d = g.districts.find((x) => x.code === p.code);
  if (d && (d.name.ru !== p.name_ru || d.population !== p.population)) fail(`feature ${p.code} disagrees with gazetteer`);
  const rings = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const poly of rings) {
    poly.forEach((ring, i) => {
      const [a, b] = [ring[0], ring[ring.length - 1]];
      if (a[0] !== b[0] || a[1] !== b[1]) fail(`${p.code}: ring ${i} not closed`);
      const n = ring.length - 1;
      if (i === 0 && (n < 8 || n > 25)) fail(`${p.code}: exterior has ${n} vertices`);
      const area = signedArea(ring);
      if (i === 0 && area <= 0) fail(`${p.code}: exterior ring not counter-clockwise`);
      if (i > 0 && area >= 0) fail(`${p.code}: hole not clockwise`);
      for (const [lon, lat] of ring) if (!inRange(lat, lon)) fail(`${p.code}: vertex out of range`);
    });
  }
  polys[p.code] = rings;
}
for (const c of CODES) if (featCodes.get(c) !== 1) fail(`geojson feature ${c} present ${featCodes.get(c) ?? 0} times`);
const inRing = (pt, ring) => {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > pt[1] !== yj > pt[1] && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};
const inPoly = (pt, code) => polys[code].some((poly) => inRing(pt, poly[0]) && !poly.slice(1).some((h) => inRing(pt, h)));
// overlap by grid sampling
let covered = 0;
let overlapped = 0;
const STEP = Math.max(B.lat1 - B.lat0, B.lon1 - B.lon0) / 500;
for (let lat = B.lat0; lat <= B.lat1; lat += STEP)
  for (let lon = B.lon0; lon <= B.lon1; lon += STEP) {
    let n = 0;
    for (const c of CODES) if (inPoly([lon + 0.0013, lat + 0.0017], c)) n++;
    if (n > 0) covered++;
    if (n > 1) overlapped++;
  }
// settlements and district centres inside their district shape
const outside = [];
for (const s of [...g.settlements, ...g.districts.map((d) => ({ ...d, name: { ru: `centre of ${d.code}` }, district: d.code }))]) {
  if (!inPoly([s.lon, s.lat], s.district)) {
    const actual = CODES.find((c) => inPoly([s.lon, s.lat], c)) ?? 'none';
    outside.push(`${s.name.ru} (${s.district}) falls in ${actual}`);
  }
}
if (outside.length) warn.push(`points outside their district shape: ${outside.join('; ')}`);
const kmPerDeg2 = 111.32 * 111.32 * Math.cos((((B.lat0 + B.lat1) / 2) * Math.PI) / 180);
const areas = Object.fromEntries(CODES.map((c) => [c, Math.round(signedArea(polys[c][0][0]) * kmPerDeg2)]));

const popSum = g.districts.reduce((a, d) => a + d.population, 0);
const aliasCount = (l) => l.reduce((a, e) => a + e.aliases.length, 0);
console.log({
  districts: g.districts.length,
  settlements: g.settlements.length,
  settlementsByDistrict: Object.fromEntries(CODES.map((c) => [c, g.settlements.filter((s) => s.district === c).length])),
  microdistricts: g.microdistricts.length,
  streets: g.streets.length,
  landmarks: g.landmarks.length,
  ambiguous: g.ambiguous.length,
  regionAliases: r.aliases.length,
  aliases: { districts: aliasCount(g.districts), settlements: aliasCount(g.settlements), microdistricts: aliasCount(g.microdistricts), streets: aliasCount(g.streets), landmarks: aliasCount(g.landmarks) },
  districtPopulationSum: popSum,
  geojsonFeatures: geo.features.length,
  approxAreaKm2: areas,
  gridOverlapShare: overlapped / covered,
  collisions,
});
for (const w of warn) console.log('WARN', w);
for (const e of errors) console.log('ERROR', e);
console.log(errors.length === 0 ? 'OK: all checks passed' : `FAILED: ${errors.length} error(s)`);
process.exit(errors.length === 0 ? 0 : 1);
