// The scatter plot of the comparison page (Vega-Lite through vegaEmbed): one point per zone,
// X = the indicator of map 1, Y = that of map 2, the regression line, and linked selection.
//
//   const plot = await drawScatter(container, crossing, {x, y, onBrush, onPoint});
//   plot.setSelection(codes | null)  light up these zones' points (null: all points normal)
//   plot.setHover(code | null)       enlarge one zone's point (hovered on a map)
//   plot.clearBrush()                remove the rectangle drawn on the plot
// `onBrush(codes | null)` is called when the user draws (or clears) a rectangle: the codes
// of the points inside it, null when the rectangle is gone. `onPoint(code | null)` when the
// pointer enters or leaves a point (its zone lights up on the maps).
import {FRENCH_FORMAT} from "../charts.js";
import {formatValue} from "./choropleth.js";

const INK = "#1f5f45";
const FADED = "#b3beb8";
const LINE = "#a4161a";
const HOVER = "#111111";
// Beyond this many points an SVG element per point gets slow: draw on a canvas.
const SVG_MAX_POINTS = 3000;

function axisTitle(indicator) {
  return indicator.unite ? `${indicator.libelle} (${indicator.unite})` : indicator.libelle;
}

function digits(indicator) {
  return Math.max(0, Math.min(6, indicator.decimales ?? 1));
}

/** Return the two ends of the regression line y = pente × x + ordonnee over the points. */
export function regressionEnds(crossing, points) {
  if (crossing.pente === null || crossing.ordonnee === null || points.length < 2) return [];
  const xs = points.map((point) => point.x);
  const low = Math.min(...xs);
  const high = Math.max(...xs);
  return [low, high].map((x) => ({x, y: crossing.pente * x + crossing.ordonnee}));
}

/** Return the Vega-Lite spec of the scatter plot. */
export function scatterSpec(crossing, {x, y}) {
  const points = crossing.points.filter((p) => p.x !== null && p.y !== null).map((p) => ({
    code: p.code, nom: p.nom, x: p.x, y: p.y,
    tx: formatValue(p.x, x), ty: formatValue(p.y, y),
  }));
  const line = regressionEnds(crossing, points);
  const chosen = "length(choisies) == 0 || indexof(choisies, datum.code) >= 0";
  const hovered = "datum.code === survol";
  const layers = [{
    data: {values: points},
    params: [
      {name: "rectangle", select: {type: "interval", encodings: ["x", "y"], clear: "dblclick"}},
      {name: "pointe", select: {type: "point", fields: ["code"], on: "pointerover",
        clear: "pointerout", toggle: false}},
    ],
    mark: {type: "circle", opacity: 0.85, cursor: "crosshair"},
    encoding: {
      x: {field: "x", type: "quantitative", title: axisTitle(x), scale: {zero: false, nice: true},
        axis: {format: `,.${digits(x)}f`}},
      y: {field: "y", type: "quantitative", title: axisTitle(y), scale: {zero: false, nice: true},
        axis: {format: `,.${digits(y)}f`}},
      color: {condition: {test: chosen, value: INK}, value: FADED},
      size: {condition: {test: hovered, value: 260}, value: 46},
      stroke: {condition: {test: hovered, value: HOVER}, value: null},
      strokeWidth: {condition: {test: hovered, value: 2}, value: 0},
      order: {condition: {test: hovered, value: 1}, value: 0},
      tooltip: [{field: "nom", title: "Zone"}, {field: "tx", title: x.libelle},
        {field: "ty", title: y.libelle}],
    },
  }];
  if (line.length) {
    layers.push({
      data: {values: line},
      mark: {type: "line", color: LINE, strokeDash: [6, 4], strokeWidth: 2},
      encoding: {x: {field: "x", type: "quantitative"}, y: {field: "y", type: "quantitative"}},
    });
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    description: `Nuage de points : ${x.libelle} (horizontal) et ${y.libelle} (vertical), `
      + `${points.length} zones, avec la droite de tendance.`,
    width: "container", height: 340,
    autosize: {type: "fit-x", contains: "padding"},
    params: [{name: "choisies", value: []}, {name: "survol", value: null}],
    config: {view: {stroke: null}, axis: {labelFontSize: 11, titleFontSize: 12}},
    layer: layers,
  };
}

/** Return the codes of the points inside a brush value {x: [lo, hi], y: [lo, hi]}. */
export function pointsInside(points, brush) {
  if (!brush || !brush.x || !brush.y) return null;
  const [x0, x1] = [Math.min(...brush.x), Math.max(...brush.x)];
  const [y0, y1] = [Math.min(...brush.y), Math.max(...brush.y)];
  return points.filter((p) => p.x !== null && p.y !== null && p.x >= x0 && p.x <= x1
    && p.y >= y0 && p.y <= y1).map((p) => p.code);
}

/** Mark the rectangle's shapes as decoration (aria: false): they have no name to read. */
function hideBrushFromReaders(vegaSpec) {
  const visit = (marks = []) => {
    for (const mark of marks) {
      if (/_brush(_bg)?$/.test(mark.name || "")) mark.aria = false;
      visit(mark.marks);
    }
  };
  visit(vegaSpec.marks);
  return vegaSpec;
}

/** Draw the scatter plot of a croisement payload in `container`; return its controller. */
export async function drawScatter(container, crossing, {x, y, onBrush = () => {},
  onPoint = () => {}}) {
  const spec = scatterSpec(crossing, {x, y});
  const result = await window.vegaEmbed(container, spec, {
    actions: false, formatLocale: FRENCH_FORMAT, patch: hideBrushFromReaders,
    renderer: crossing.points.length > SVG_MAX_POINTS ? "canvas" : "svg",
  });
  const {view} = result;
  // Vega calls signal listeners inside its own evaluation: running the view again from there
  // (or while the user drags) is refused. Changes are gathered and run on the next frame.
  const wanted = {choisies: [], survol: null};
  let clearRectangle = false;
  let flushing = null;
  let finalized = false;
  const flush = () => {
    flushing ??= new Promise((resolve) => {
      window.requestAnimationFrame(async () => {
        flushing = null;
        if (finalized) {
          resolve();
          return;
        }
        if (clearRectangle) {
          // Vega-Lite keeps the rectangle in the data set "<param>_store": empty it.
          view.change("rectangle_store", window.vega.changeset().remove(() => true));
          clearRectangle = false;
        }
        for (const [name, value] of Object.entries(wanted)) {
          if (view.signal(name) !== value) view.signal(name, value);
        }
        await view.runAsync();
        resolve();
      });
    });
    return flushing;
  };
  view.addSignalListener("rectangle", (_name, value) => {
    onBrush(pointsInside(crossing.points, value));
  });
  view.addSignalListener("pointe", (_name, value) => {
    onPoint(value?.code?.[0] ?? null);
  });
  const plot = {
    view,
    setSelection(codes) {
      // An empty array means "no selection": a selection of no zone must fade every point.
      const list = codes ? [...codes] : [];
      wanted.choisies = codes && !list.length ? ["\u0000"] : list;
      return flush();
    },
    setHover(code) {
      wanted.survol = code ?? null;
      return flush();
    },
    clearBrush() {
      clearRectangle = true;
      return flush();
    },
    finalize() {
      finalized = true;
      result.finalize();
    },
  };
  return plot;
}
