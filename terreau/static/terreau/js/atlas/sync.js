// Maps that move together: panning or zooming one map moves the others to the same extent.
// Hover linking (one zone lit on every map) lives in compare.js, through choropleth.js's
// setHover: it only needs the zone codes, not the extents.

/**
 * Keep the extents of `maps` together; return a function that stops it.
 *
 * Moving one map calls jumpTo on the others, which fire their own "move" events: a flag set
 * while the others follow keeps those events from moving the maps again (a feedback loop).
 */
export function syncExtents(maps) {
  let following = false;
  const listeners = maps.map((leader) => {
    const follow = () => {
      if (following) return;
      following = true;
      try {
        const camera = {center: leader.getCenter(), zoom: leader.getZoom(),
          bearing: leader.getBearing(), pitch: leader.getPitch()};
        for (const map of maps) if (map !== leader) map.jumpTo(camera);
      } finally {
        following = false;
      }
    };
    leader.on("move", follow);
    return [leader, follow];
  });
  return () => {
    for (const [map, follow] of listeners) map.off("move", follow);
  };
}

/** Return [[west, south], [east, north]] of a GeoJSON FeatureCollection, or null if empty. */
export function geojsonBounds(collection) {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const visit = (coordinates) => {
    if (typeof coordinates[0] === "number") {
      const [lon, lat] = coordinates;
      if (lon < west) west = lon;
      if (lon > east) east = lon;
      if (lat < south) south = lat;
      if (lat > north) north = lat;
      return;
    }
    for (const part of coordinates) visit(part);
  };
  for (const feature of collection.features || []) {
    if (feature.geometry) visit(feature.geometry.coordinates);
  }
  return west <= east ? [[west, south], [east, north]] : null;
}

/** Return the extent of a map as the permalink writes it: "lon,lat,zoom" (rounded). */
export function extentText(map) {
  const {lng, lat} = map.getCenter();
  return [lng.toFixed(4), lat.toFixed(4), map.getZoom().toFixed(2)]
    .map((text) => String(Number(text))).join(",");
}

/** Read "lon,lat,zoom" into a jumpTo camera, or null when it is not one. */
export function parseExtent(text) {
  const parts = (text || "").split(",").map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) return null;
  return {center: [parts[0], parts[1]], zoom: parts[2]};
}
