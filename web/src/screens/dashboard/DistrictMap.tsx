import type { FeatureCollection, Geometry } from 'geojson';
import i18next from 'i18next';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api.js';

export interface Shade {
  readonly code: string;
  readonly name: string;
  readonly value: number;
  readonly text: string;
}

type Shapes = FeatureCollection<Geometry, { code?: string }>;
let shapesCache: Promise<Shapes> | null = null;

/** White → deep blue by the share of the largest value. */
export function shadeColor(value: number, max: number): string {
  const s = max > 0 ? Math.min(1, value / max) : 0;
  const from = [239, 246, 251];
  const to = [8, 69, 148];
  const c = from.map((f, i) => Math.round(f + (to[i]! - f) * s));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/**
 * The region's districts drawn from the local GeoJSON (no tile server), shaded by `shades`; a click on a
 * district calls onPick with its code.
 */
export function DistrictMap({
  shades,
  label,
  onPick,
}: {
  shades: readonly Shade[];
  label: string;
  onPick: (code: string) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.GeoJSON | null>(null);
  const [shapes, setShapes] = useState<Shapes | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    shapesCache ??= api<Shapes>('/api/reference/district-shapes');
    shapesCache.then(setShapes, () => undefined);
  }, []);

  useEffect(() => {
    if (!box.current) return;
    const m = L.map(box.current, {
      attributionControl: false,
      zoomControl: false,
      zoomSnap: 0.25,
      scrollWheelZoom: false,
    });
    L.control
      .zoom({ zoomInTitle: i18next.t('dashboard.zoomIn'), zoomOutTitle: i18next.t('dashboard.zoomOut') })
      .addTo(m);
    map.current = m;
    const ro = new ResizeObserver(() => m.invalidateSize());
    ro.observe(box.current);
    return () => {
      ro.disconnect();
      m.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!m || !shapes) return;
    layer.current?.remove();
    const by = new Map(shades.map((s) => [s.code, s]));
    const max = Math.max(0, ...shades.map((s) => s.value));
    const g = L.geoJSON(shapes, {
      style: (f) => ({
        color: '#35506b',
        weight: 1,
        fillOpacity: 0.85,
        fillColor: shadeColor(by.get(f?.properties?.code ?? '')?.value ?? 0, max),
      }),
      onEachFeature: (f, l) => {
        const s = by.get(f.properties?.code ?? '');
        if (s) l.bindTooltip(`${s.name}: ${s.text}`, { sticky: true });
        l.on('click', () => {
          if (f.properties?.code) pick.current(f.properties.code);
        });
      },
    }).addTo(m);
    layer.current = g;
    const bounds = g.getBounds();
    if (bounds.isValid()) m.fitBounds(bounds, { padding: [8, 8] });
  }, [shapes, shades]);

  return <div ref={box} className="map" role="img" aria-label={label} />;
}
