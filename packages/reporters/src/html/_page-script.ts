/**
 * The page's own script: reads the embedded JSON and draws each scenario's chart with uPlot.
 * Plain ES2020 in a string, so that the page needs no build and no network. It puts text on
 * the page only through `textContent`: nothing from the data is ever parsed as HTML.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict'
  var data = JSON.parse(document.getElementById('leakwatch-data').textContent)
  var drawn = 0
  data.charts.forEach(function (chart) {
    var el = document.getElementById('chart-' + chart.id)
    if (!el) return
    try {
      draw(el, chart)
      drawn++
    } catch (err) {
      el.textContent = 'The chart could not be drawn: ' + (err && err.message)
    }
  })
  document.body.setAttribute('data-charts-drawn', String(drawn))

  function timeUnit(span) {
    if (span < 120) return { div: 1, name: 's' }
    if (span < 7200) return { div: 60, name: 'min' }
    return { div: 3600, name: 'h' }
  }

  function align(series) {
    var seen = new Map()
    series.forEach(function (s) { s.xs.forEach(function (x) { seen.set(x, true) }) })
    var xs = Array.from(seen.keys()).sort(function (a, b) { return a - b })
    var at = new Map()
    xs.forEach(function (x, i) { at.set(x, i) })
    // undefined where a layer has no point at that x: uPlot joins the line across it
    var columns = series.map(function (s) {
      var ys = new Array(xs.length)
      s.xs.forEach(function (x, i) { ys[at.get(x)] = s.ys[i] })
      return ys
    })
    return [xs].concat(columns)
  }

  function draw(el, chart) {
    var aligned = align(chart.series)
    var xs = aligned[0]
    var span = xs.length ? xs[xs.length - 1] - xs[0] : 0
    var unit = timeUnit(span)
    var fmtTime = function (v) { return v == null ? '' : +(v / unit.div).toFixed(unit.div === 1 ? 1 : 2) + ' ' + unit.name }
    var hasCount = chart.series.some(function (s) { return s.axis === 'count' })
    var hasBytes = chart.series.some(function (s) { return s.axis === 'bytes' })
    var scaleOf = function (axis) { return axis === 'bytes' ? 'mib' : 'count' }
    var extra = { mib: [], count: [] }
    if (chart.bands) extra[scaleOf(chart.bands.axis)].push(chart.bands.warn, chart.bands.fail)
    if (chart.fit) extra[scaleOf(chart.fit.axis)].push(chart.fit.y0, chart.fit.y1)
    var range = function (name) {
      return function (u, min, max) {
        var hi = Math.max.apply(null, [max == null ? 1 : max].concat(extra[name]))
        return [0, hi > 0 ? hi * 1.08 : 1]
      }
    }
    var series = [{ label: 'Time', value: function (u, v) { return fmtTime(v) } }].concat(chart.series.map(function (s) {
      return {
        label: s.label + (s.axis === 'bytes' ? ' (MiB)' : ''),
        stroke: s.color,
        width: 1.5,
        scale: scaleOf(s.axis),
        points: { show: false },
        value: function (u, v) { return v == null ? '-' : s.axis === 'bytes' ? v.toFixed(1) + ' MiB' : String(Math.round(v)) },
      }
    }))
    // steps that read well in seconds, minutes and hours alike
    var incrs = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 14400, 21600, 43200, 86400, 172800, 604800]
    var axes = [{ incrs: incrs, values: function (u, splits) { return splits.map(fmtTime) } }]
    if (hasBytes) axes.push({ scale: 'mib', label: 'MiB', size: 60 })
    if (hasCount) axes.push({ scale: 'count', label: 'count', side: 1, size: 50, grid: { show: !hasBytes } })
    var opts = {
      width: Math.max(480, el.clientWidth || 1100),
      height: 340,
      scales: { x: { time: false }, mib: { range: range('mib') }, count: { range: range('count') } },
      series: series,
      axes: axes,
      legend: { live: true },
      hooks: { drawClear: [function (u) { behind(u, chart) }], draw: [function (u) { inFront(u, chart) }] },
    }
    new uPlot(opts, aligned, el)
  }

  function xPos(u, v) { return u.valToPos(v, 'x', true) }

  function behind(u, chart) {
    var ctx = u.ctx
    var b = u.bbox
    ctx.save()
    ctx.beginPath()
    ctx.rect(b.left, b.top, b.width, b.height)
    ctx.clip()
    var shade = function (span, colour) {
      if (!span) return
      var x0 = xPos(u, span[0])
      var x1 = xPos(u, span[1])
      ctx.fillStyle = colour
      ctx.fillRect(x0, b.top, Math.max(1, x1 - x0), b.height)
    }
    shade(chart.warmup, 'rgba(120, 120, 120, 0.16)')
    shade(chart.teardown, 'rgba(120, 120, 120, 0.07)')
    var bands = chart.bands
    if (bands) {
      var scale = bands.axis === 'bytes' ? 'mib' : 'count'
      var yWarn = u.valToPos(bands.warn, scale, true)
      var yFail = u.valToPos(bands.fail, scale, true)
      ctx.fillStyle = 'rgba(255, 193, 7, 0.13)'
      ctx.fillRect(b.left, yFail, b.width, yWarn - yFail)
      ctx.fillStyle = 'rgba(220, 53, 69, 0.06)'
      ctx.fillRect(b.left, b.top, b.width, yFail - b.top)
      var line = function (v, colour, dash) {
        var y = u.valToPos(v, scale, true)
        ctx.strokeStyle = colour
        ctx.lineWidth = 1
        ctx.setLineDash(dash)
        ctx.beginPath()
        ctx.moveTo(b.left, y)
        ctx.lineTo(b.left + b.width, y)
        ctx.stroke()
      }
      line(bands.baseline, 'rgba(90, 90, 90, 0.8)', [2, 3])
      line(bands.warn, 'rgba(214, 150, 0, 0.9)', [6, 4])
      line(bands.fail, 'rgba(200, 35, 51, 0.9)', [6, 4])
    }
    ctx.restore()
  }

  function inFront(u, chart) {
    var ctx = u.ctx
    var b = u.bbox
    var dpr = window.devicePixelRatio || 1
    ctx.save()
    ctx.beginPath()
    ctx.rect(b.left, b.top, b.width, b.height)
    ctx.clip()
    // checkpoints: ticks along the bottom, at most one every 3 px
    ctx.strokeStyle = 'rgba(40, 40, 40, 0.55)'
    ctx.lineWidth = dpr
    ctx.setLineDash([])
    ctx.beginPath()
    var lastX = -Infinity
    chart.checkpoints.forEach(function (t) {
      var x = xPos(u, t)
      if (x - lastX < 3 * dpr) return
      lastX = x
      ctx.moveTo(x, b.top + b.height)
      ctx.lineTo(x, b.top + b.height - 7 * dpr)
    })
    ctx.stroke()
    if (chart.plannedEnd != null) {
      var px = xPos(u, chart.plannedEnd)
      ctx.strokeStyle = 'rgba(23, 80, 160, 0.9)'
      ctx.lineWidth = 1.5 * dpr
      ctx.setLineDash([5 * dpr, 4 * dpr])
      ctx.beginPath()
      ctx.moveTo(px, b.top)
      ctx.lineTo(px, b.top + b.height)
      ctx.stroke()
    }
    var fit = chart.fit
    if (fit) {
      var scale = fit.axis === 'bytes' ? 'mib' : 'count'
      ctx.strokeStyle = 'rgba(0, 0, 0, 0.8)'
      ctx.lineWidth = 3 * dpr
      ctx.setLineDash([])
      ctx.beginPath()
      ctx.moveTo(xPos(u, fit.x0), u.valToPos(fit.y0, scale, true))
      ctx.lineTo(xPos(u, fit.x1), u.valToPos(fit.y1, scale, true))
      ctx.stroke()
    }
    ctx.restore()
  }
})()
`
