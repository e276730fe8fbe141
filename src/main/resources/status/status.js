// Draws the Backstop status page from the JSON inlined in #status-data (the same data as /api/status),
// and redraws it from /api/status every minute. Charts are plain inline SVG; no libraries.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function el(name, attributes, children) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function svg(name, attributes, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function when(iso) { return iso ? iso.replace("T", " ").replace(/\.\d+Z$/, "Z") : "-"; }

  function seconds(total) {
    total = Math.max(0, Math.floor(total));
    if (total < 60) { return total + "s"; }
    if (total < 3600) { return Math.floor(total / 60) + "m"; }
    if (total < 48 * 3600) { var m = Math.floor((total % 3600) / 60); return Math.floor(total / 3600) + "h" + (m ? m + "m" : ""); }
    var h = Math.floor((total % 86400) / 3600);
    return Math.floor(total / 86400) + "d" + (h ? h + "h" : "");
  }

  function millis(count) { return count < 1000 ? Math.round(count) + " ms" : seconds(count / 1000); }

  function bytes(count) {
    if (count < 1024) { return count + " B"; }
    var units = ["KiB", "MiB", "GiB", "TiB"], value = count, unit = -1;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
    return value.toFixed(1) + " " + units[unit];
  }

  function table(headings, rows, className) {
    if (!rows.length) { return null; }
    return el("table", {"class": className || ""}, [
      el("thead", {}, [el("tr", {}, headings.map(function (h) { return el("th", {}, [h]); }))]),
      el("tbody", {}, rows)
    ]);
  }

  // A bar chart of one value per backup, oldest on the left; failed backups are red stubs.
  function chart(title, backups, value, format) {
    var width = 560, height = 130, left = 64, top = 8, bottom = 20;
    var values = backups.map(value).filter(function (v) { return v !== null && v !== undefined; });
    var max = Math.max.apply(null, values.concat([1]));  // at least 1 (byte or ms)
    var box = svg("svg", {"class": "chart", viewBox: "0 0 " + width + " " + height, role: "img",
      "aria-label": title + " of the last " + backups.length + " backups", preserveAspectRatio: "none"});
    box.appendChild(svg("line", {"class": "axis", x1: left, y1: height - bottom, x2: width, y2: height - bottom}));
    box.appendChild(svg("text", {x: left - 6, y: top + 10, "text-anchor": "end"}, format(max)));
    box.appendChild(svg("text", {x: left - 6, y: height - bottom, "text-anchor": "end"}, format(0)));
    var step = (width - left) / Math.max(backups.length, 1);
    backups.forEach(function (backup, index) {
      var v = value(backup), failed = backup.status === "failed";
      var h = failed || v === null ? 4 : Math.max(1, (v / max) * (height - top - bottom));
      var bar = svg("rect", {"class": "bar" + (failed ? " failed" : ""), x: (left + index * step + step * 0.15).toFixed(1),
        y: (height - bottom - h).toFixed(1), width: Math.max(1, step * 0.7).toFixed(1), height: h.toFixed(1),
        "data-backup": backup.id});
      bar.appendChild(svg("title", {}, backup.id + " " + when(backup.created_at) + ": " +
        (failed ? "failed" : v === null ? "-" : format(v))));
      box.appendChild(bar);
    });
    if (backups.length) {
      box.appendChild(svg("text", {x: left, y: height - 4}, when(backups[0].created_at).slice(0, 10)));
      box.appendChild(svg("text", {x: width, y: height - 4, "text-anchor": "end"},
        when(backups[backups.length - 1].created_at).slice(0, 10)));
    }
    return el("div", {"class": "chart-box"}, [el("h3", {}, [title + " (last " + backups.length + ")"]), box]);
  }

  function fact(label, value, className) {
    return el("div", {}, [el("span", {}, [label]), el("b", {"class": className || ""}, [value])]);
  }

  function database(row) {
    var last = row.last_backup;
    var heading = el("h2", {}, [row.database, el("span", {"class": "tag"}, [row.engine]),
      el("span", {"class": "tag state-" + row.state}, [row.state === "stale" ? "STALE" : row.state])]);
    if (row.production) { heading.appendChild(el("span", {"class": "tag production"}, ["production"])); }
    var ratio = row.age_seconds === null ? 1 : Math.min(1, row.age_seconds / row.freshness_seconds);
    var gauge = svg("svg", {viewBox: "0 0 100 8", preserveAspectRatio: "none", "class": "gauge"});
    gauge.appendChild(svg("rect", {x: 0, y: 0, height: 8, width: (ratio * 100).toFixed(1),
      fill: row.state === "fresh" ? "#1a7f37" : "#cf222e"}));
    var facts = el("div", {"class": "facts"}, [
      el("div", {"class": "freshness"}, [el("span", {}, ["age of newest good backup / freshness limit"]),
        el("b", {"class": "age state-" + row.state}, [(row.age_text || "never") + " / " + row.freshness_text]), gauge]),
      fact("last good backup", last ? last.id : "none yet", "last-backup"),
      fact("taken", last ? when(last.created_at) : "-"),
      fact("size", row.last_backup_size_text || "-", "size"),
      fact("size trend", row.size_trend_percent === null ? "-" : (row.size_trend_percent > 0 ? "+" : "") + row.size_trend_percent + "%")
    ]);
    var backups = row.backups || [];
    var charts = backups.length ? el("div", {"class": "charts"}, [
      chart("Backup size", backups, function (b) { return b.status === "failed" ? null : b.size_bytes; }, bytes),
      chart("Backup duration", backups, function (b) { return b.duration_ms; }, millis)
    ]) : el("p", {"class": "empty"}, ["No backups yet."]);
    var drills = (row.drills || []).map(function (d) {
      return el("tr", {"class": "drill"}, [el("td", {}, [when(d.started_at)]),
        el("td", {"class": d.passed ? "passed" : "failed"}, [d.passed ? "passed" : "FAILED"]),
        el("td", {"class": d.within_rto ? "within" : "over"}, [d.duration_text + (d.rto_text ? " of " + d.rto_text + " RTO" : "")]),
        el("td", {}, [el("code", {}, [d.backup_id])])]);
    });
    var section = el("section", {"class": "database", "data-database": row.database}, [heading, facts, charts,
      el("h3", {}, ["Restore drills" + (row.drill_rto_seconds ? " (RTO target " + seconds(row.drill_rto_seconds) + ")" : "")])]);
    section.appendChild(table(["started (UTC)", "result", "time to restore", "backup"], drills, "drills") ||
      el("p", {"class": "empty"}, ["No drills yet."]));
    return section;
  }

  function attention(rows) {
    var alerts = [], requests = [];
    rows.forEach(function (row) {
      (row.alerts || []).forEach(function (a) {
        alerts.push(el("tr", {"class": "alert"}, [el("td", {}, [row.database]), el("td", {"class": "failed"}, [a.kind]),
          el("td", {}, [a.open_for_text]), el("td", {}, [a.message])]));
      });
      (row.requests || []).forEach(function (r) {
        var waiting = r.state === "requested";
        requests.push(el("tr", {"class": "request"}, [el("td", {}, [el("code", {}, [r.id])]), el("td", {}, [row.database]),
          el("td", {}, [el("code", {}, [r.backup_id])]), el("td", {}, [r.target || "(the database itself)"]),
          el("td", {}, [r.requester]),
          el("td", {}, [waiting ? "waiting for votes: " + r.approved_by.length + " of " + r.approvals_required : r.state]),
          el("td", {}, [waiting ? "expires " + when(r.expires_at) : r.error || when(r.state_since)])]));
      });
    });
    var section = el("section", {"class": "attention"}, [el("h2", {}, ["Needs attention"]), el("h3", {}, ["Open alerts"])]);
    section.appendChild(table(["database", "alert", "open for", "message"], alerts, "alerts") ||
      el("p", {"class": "empty"}, ["No open alerts."]));
    section.appendChild(el("h3", {}, ["Restore requests"]));
    section.appendChild(table(["request", "database", "backup", "target", "requested by", "state", ""], requests, "requests") ||
      el("p", {"class": "empty"}, ["No restore requests waiting."]));
    return section;
  }

  function draw(data) {
    var main = document.getElementById("status");
    while (main.firstChild) { main.removeChild(main.firstChild); }
    main.appendChild(attention(data.databases));
    data.databases.forEach(function (row) { main.appendChild(database(row)); });
    document.getElementById("generated").textContent = "as of " + when(data.generated_at) + " (refreshes every minute)";
  }

  draw(JSON.parse(document.getElementById("status-data").textContent));
  setInterval(function () {
    fetch("/api/status", {credentials: "same-origin", cache: "no-store"})
      .then(function (reply) { return reply.ok ? reply.json() : Promise.reject(reply.status); })
      .then(draw, function () { document.getElementById("generated").textContent += " - refresh failed"; });
  }, 60000);
})();
