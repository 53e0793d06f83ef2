/* 信访指挥大屏: the hub's command screen. Every asset comes from the hub (no CDN): ECharts and the graphql-ws browser
 * client are served from node_modules at /assets. Figures arrive by `subscription { dashboard }` over graphql-ws
 * (pushed by the hub when they change); after a dropped socket the page shows the re-sync state, reconnects, and
 * re-reads the figures with a plain query before it shows them as live again. */
/* global document, window, sessionStorage, location, fetch, setTimeout, setInterval, echarts, graphqlWs */
"use strict";
(function () {
  const FIELDS = `scope computedAt openPetitions overdue inHearing referralsWaiting overdueByKind { kind count }
    localities { orgId orgCode orgName open overdue byKind { kind count } }
    agencies { agencyCode agencyName open overdue responded averageResponseHours }
    trend { day count } alerts { deadlineId petitionId petitionNumber localityName kind level at dueAt }
    riskAlerts { id kind severity message ownerPerson ackDueAt }
    accidentCases { id kind casualties place leader openedAt duties { kind dueAt done overdue } }
    bottomLines { city { line daysSince } scope { line daysSince } openAlerts { id kind severity message ownerPerson ackDueAt }
      latestBreach { id line occurredAt owningLeader reports { recipient dueAt reportedAt late } } }
    visitOnce { windowDays resolvedFirstItems withoutRepeatVisit rate openRepeatVisitAlerts }
    cityVisit { listedByLocality { orgId orgName count } lettersAwaiting lettersOverdue resolutionOverdue reviewsDue }
    disputeCases { id kind owner dueAt overdue }`;
  const KINDS = {
    ROUTING: "转送交办", ACCEPTANCE_NOTICE: "受理告知", OBJECTION_WINDOW: "异议期", HANDLING: "办理", ASSIGNED_RESULT: "交办结果",
    REVIEW_REQUEST_WINDOW: "复查申请期", REVIEW_OPINION: "复查意见", REREVIEW_REQUEST_WINDOW: "复核申请期", REREVIEW_OPINION: "复核意见", EVALUATION: "满意度评价",
  };
  const ALERT_KINDS = { LEDGER_CONSULTATION_OVERDUE: "会商超期", LEDGER_ESCALATED: "提交联席会议", LEDGER_HIGH_RISK: "高风险", ALERT_ACK_OVERDUE: "预警未签收", BOTTOM_LINE_BREACH: "底线突破", BOTTOM_LINE_PRE_ALERT: "底线预警" };
  ALERT_KINDS.REPEAT_VISIT = "重复来访"; // 最多访一次 (issue 9 item 2)
  const DUTY_KINDS = ["ROUTING", "ACCEPTANCE_NOTICE", "HANDLING", "ASSIGNED_RESULT", "REVIEW_OPINION", "REREVIEW_OPINION"];
  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = "petition-hub.dashboard.token";
  let client = null;
  let charts = null;
  let dropped = false;

  function setStatus(state, text) {
    const s = $("status");
    s.dataset.state = state;
    s.textContent = text;
  }

  async function query(token, q, variables) {
    const res = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: q, variables }),
    });
    const body = await res.json();
    if (body.errors && body.errors.length) {
      const e = new Error(body.errors[0].message);
      e.code = body.errors[0].extensions && body.errors[0].extensions.code;
      throw e;
    }
    return body.data;
  }

  function initCharts() {
    if (charts) return charts;
    charts = { heat: echarts.init($("chart-heat")), agencies: echarts.init($("chart-agencies")), trend: echarts.init($("chart-trend")) };
    window.addEventListener("resize", () => Object.values(charts).forEach((c) => c.resize()));
    return charts;
  }

  const text = { color: "#e8f0fa" };
  const axis = { axisLabel: { color: "#b9d4f1" }, axisLine: { lineStyle: { color: "#3d6a99" } } };

  function render(d) {
    $("c-open").textContent = d.openPetitions;
    $("c-overdue").textContent = d.overdue;
    $("c-hearing").textContent = d.inHearing;
    $("c-waiting").textContent = d.referralsWaiting;
    $("c-overdue-kinds").textContent = d.overdueByKind.map((k) => `${KINDS[k.kind] || k.kind} ${k.count}`).join(" · ");
    $("scope").textContent = d.scope === "all" ? "范围：全市" : "范围：本单位";
    $("computed-at").textContent = new Date(d.computedAt).toLocaleString("zh-CN", { hour12: false });
    renderAlerts(d.alerts);
    renderRiskAlerts(d.riskAlerts);
    renderAccidentCases(d.accidentCases);
    renderBottomLines(d.bottomLines); // issue 9 item 4
    renderVisitOnce(d.visitOnce);
    renderCityVisit(d.cityVisit); // issue 9 item 3
    renderDisputeCases(d.disputeCases); // issue 9 item 1: dispute cases
    const c = initCharts();
    const places = d.localities.map((l) => l.orgName);
    const heat = [];
    let max = 1;
    d.localities.forEach((l, y) => DUTY_KINDS.forEach((k, x) => {
      const n = (l.byKind.find((b) => b.kind === k) || { count: 0 }).count;
      max = Math.max(max, n);
      heat.push([x, y, n]);
    }));
    c.heat.setOption({
      textStyle: text, tooltip: { position: "top" }, grid: { left: 130, right: 20, top: 10, bottom: 70 },
      xAxis: { type: "category", data: DUTY_KINDS.map((k) => KINDS[k]), ...axis }, yAxis: { type: "category", data: places, inverse: true, ...axis },
      visualMap: { min: 0, max, calculable: false, orient: "horizontal", left: "center", bottom: 0, textStyle: text, inRange: { color: ["#16324f", "#ffb84d", "#ff3b3b"] } },
      series: [{ type: "heatmap", data: heat, label: { show: true, color: "#fff" } }],
    });
    c.agencies.setOption({
      textStyle: text, tooltip: { trigger: "axis" }, legend: { textStyle: text }, grid: { left: 50, right: 50, top: 40, bottom: 60 },
      xAxis: { type: "category", data: d.agencies.map((a) => a.agencyName), ...axis, axisLabel: { color: "#b9d4f1", interval: 0, rotate: 20 } },
      yAxis: [{ type: "value", name: "件", ...axis }, { type: "value", name: "小时", ...axis }],
      series: [
        { name: "在办", type: "bar", data: d.agencies.map((a) => a.open) },
        { name: "超期", type: "bar", data: d.agencies.map((a) => a.overdue), itemStyle: { color: "#ff5b5b" } },
        { name: "平均响应（小时）", type: "line", yAxisIndex: 1, data: d.agencies.map((a) => a.averageResponseHours) },
      ],
    });
    c.trend.setOption({
      textStyle: text, tooltip: { trigger: "axis" }, grid: { left: 40, right: 20, top: 20, bottom: 30 },
      xAxis: { type: "category", data: d.trend.map((t) => t.day.slice(5)), ...axis }, yAxis: { type: "value", minInterval: 1, ...axis },
      series: [{ name: "登记", type: "line", smooth: true, areaStyle: { opacity: 0.25 }, data: d.trend.map((t) => t.count) }],
    });
  }

  /** Fills a list with one line per item (a coloured level tag and a text), or a muted line when there is none. */
  function fillList(ol, items, emptyText, line) {
    ol.replaceChildren();
    if (!items.length) {
      const li = document.createElement("li");
      li.className = "muted";
      li.textContent = emptyText;
      ol.append(li);
    }
    for (const item of items) {
      const { data, levelClass, levelText, text, onClick } = line(item);
      const li = document.createElement("li");
      Object.assign(li.dataset, data);
      const level = document.createElement("span");
      level.className = `level ${levelClass}`;
      level.textContent = levelText;
      const body = document.createElement("span");
      body.textContent = text;
      li.append(level, body);
      if (onClick) li.addEventListener("click", onClick);
      ol.append(li);
    }
  }

  const localTime = (iso) => new Date(iso).toLocaleString("zh-CN", { hour12: false });

  function renderAlerts(alerts) {
    fillList($("alerts"), alerts, "暂无预警", (a) => ({
      data: { petitionId: a.petitionId, petitionNumber: a.petitionNumber },
      levelClass: a.level,
      levelText: a.level === "RED" ? "超期" : "临期",
      text: `${a.petitionNumber} · ${a.localityName} · ${KINDS[a.kind] || a.kind} · 到期 ${localTime(a.dueAt)}`,
      onClick: () => showTimeline(a.petitionId),
    }));
  }

  /** Open risk alerts of the caller's organisation (the city bureau: all), pushed with the figures. */
  function renderRiskAlerts(alerts) {
    fillList($("risk-alerts"), alerts, "暂无风险预警", (a) => ({
      data: { alertId: a.id },
      levelClass: a.severity === "CRITICAL" ? "RED" : "YELLOW",
      levelText: ALERT_KINDS[a.kind] || a.kind,
      text: `${a.message}${a.ownerPerson ? ` · 责任人 ${a.ownerPerson}` : ""} · 签收期限 ${localTime(a.ackDueAt)}`,
    }));
  }

  /* ---- 意外伤亡 panel (issue 9 item 5): open cases, their three duties and the hours left, pushed with the figures ---- */
  Object.assign(ALERT_KINDS, { ACCIDENT_OPENED: "意外伤亡", ACCIDENT_REPORTED: "意外伤亡上报", ACCIDENT_HIGH_RISK: "伤亡高风险", ACCIDENT_DUTY_OVERDUE: "伤亡处置超期" });
  const ACCIDENT_DUTIES = { WORKING_TEAM: "专班", RISK_CONSULTATION: "研判", OPINION_WATCH: "舆情" };
  let accidentCases = [];
  /** One duty as the screen shows it: done, overdue, or the hours left (counted down here, not pushed). */
  function accidentDutyText(d, now) {
    if (d.done) return `${ACCIDENT_DUTIES[d.kind]} ✓`;
    const hours = (new Date(d.dueAt).getTime() - now) / 3600000;
    return hours < 0 ? `${ACCIDENT_DUTIES[d.kind]} 超期${Math.ceil(-hours)}小时` : `${ACCIDENT_DUTIES[d.kind]} 剩${hours.toFixed(1)}小时`;
  }
  function renderAccidentCases(cases) {
    accidentCases = cases || [];
    const now = Date.now();
    fillList($("accident-cases"), accidentCases, "暂无在办意外伤亡事件", (c) => {
      const late = c.duties.filter((d) => !d.done && (d.overdue || new Date(d.dueAt).getTime() < now)).length;
      return {
        data: { accidentCaseId: c.id },
        levelClass: late ? "RED" : "YELLOW",
        levelText: late ? `${late}项超期` : "处置中",
        text: `${c.kind === "DEATH" ? "死亡" : "受伤"}${c.casualties}人 · ${c.place} · 包案 ${c.leader} · ${c.duties.map((d) => accidentDutyText(d, now)).join(" · ")}`,
      };
    });
  }
  // The hours left change with time, not with events: re-render the last pushed cases every minute.
  setInterval(() => { if (accidentCases.length) renderAccidentCases(accidentCases); }, 60000);
  /* ---- end 意外伤亡 panel ---- */
  // --- issue 9 item 4: 四个不发生 (bottom lines) ---
  const LINES = { LARGE_GROUP: "大规模群体性上访", PROVINCE_GROUP: "到省集访", BEIJING_GROUP: "进京集体访", PUBLIC_OPINION: "涉访舆情炒作" };
  const RECIPIENTS = { CITY_LEADERSHIP: "市委市政府", PROVINCIAL_BUREAU: "省信访局", NATIONAL_BUREAU: "国家信访局" };
  const days = (d) => (d === null ? "从未突破" : `${d} 天`);
  /** Days since the last breach per line (city and the viewer's scope), open bottom-line alerts, the latest breach's report chain. */
  function renderBottomLines(b) {
    const card = $("bottom-lines");
    card.hidden = !b;
    if (!b) return;
    const scope = new Map(b.scope.map((l) => [l.line, l.daysSince]));
    $("bottom-line-days").replaceChildren(...b.city.map((l) => {
      const tr = document.createElement("tr");
      for (const text of [LINES[l.line] || l.line, days(l.daysSince), days(scope.has(l.line) ? scope.get(l.line) : null)]) tr.append(Object.assign(document.createElement("td"), { textContent: text }));
      if (l.daysSince === 0) tr.className = "breached-today";
      return tr;
    }));
    fillList($("bottom-line-alerts"), b.openAlerts, "暂无底线预警", (a) => ({
      data: { alertId: a.id },
      levelClass: a.severity === "CRITICAL" ? "RED" : "YELLOW",
      levelText: a.kind === "BOTTOM_LINE_BREACH" ? "底线突破" : "底线预警",
      text: `${a.message}${a.ownerPerson ? ` · 责任人 ${a.ownerPerson}` : ""} · 签收期限 ${localTime(a.ackDueAt)}`,
    }));
    const latest = b.latestBreach;
    $("bottom-line-latest").textContent = latest ? `${LINES[latest.line] || latest.line} · ${localTime(latest.occurredAt)}${latest.owningLeader ? ` · ${latest.owningLeader}` : ""}` : "";
    fillList($("bottom-line-reports"), latest ? latest.reports : [], "暂无突破", (r) => ({
      data: {},
      levelClass: r.late ? "RED" : r.reportedAt ? "GREEN" : "YELLOW",
      levelText: r.reportedAt ? (r.late ? "迟报" : "已报") : r.late ? "超时未报" : "待报",
      text: `${RECIPIENTS[r.recipient] || r.recipient} · 时限 ${localTime(r.dueAt)}${r.reportedAt ? ` · 报送 ${localTime(r.reportedAt)}` : ""}`,
    }));
  }
  // --- end issue 9 item 4 ---
  // --- Issue 9 item 6: documents (a count on the timeline; empty when the caller's view withholds materials) ---
  const DOCUMENT_KINDS = { LETTER: "文书", PHOTO: "照片", CERTIFICATE: "证明", MATERIAL: "材料" };
  function documentsNote(docs) {
    if (!docs || docs.length === 0) return "";
    const byKind = {};
    for (const d of docs) byKind[d.kind] = (byKind[d.kind] || 0) + 1;
    return ` · 附件 ${docs.length} 件（${Object.entries(byKind).map(([k, n]) => `${DOCUMENT_KINDS[k] || k} ${n}`).join("，")}）`;
  }
  // --- end issue 9 item 6 ---
  /* ---- 最多访一次 panel (issue 9 item 2): the one-visit rate and open repeat-visit alerts, pushed with the figures. ---- */
  function renderVisitOnce(v) {
    if (!v) return;
    $("vo-rate").textContent = v.rate === null ? "—" : `${(v.rate * 100).toFixed(1)}%`;
    $("vo-counts").textContent = `近${v.windowDays}天 首件已办结 ${v.resolvedFirstItems} 件，其中未再来访 ${v.withoutRepeatVisit} 件`;
    $("vo-repeat").textContent = v.openRepeatVisitAlerts;
  }
  /* ---- end 最多访一次 panel ---- */
  // --- issue 9 item 3: 来市上访顶格办理 ---
  ALERT_KINDS.CITY_LETTER_RESPONSE_OVERDUE = "交办函逾期";
  ALERT_KINDS.CITY_RESOLUTION_OVERDUE = "市控逾期未化解";
  ALERT_KINDS.CITY_CONTROL_REVIEW_DUE = "市控到期复核";
  /** 市控 entries per locality and the letters awaiting (and overdue) responses, pushed with the figures. */
  function renderCityVisit(cv) {
    $("cv-awaiting").textContent = cv.lettersAwaiting;
    $("cv-overdue").textContent = cv.lettersOverdue;
    // issue 9 item 3, supervision: 市控 matters past the resolution deadline, entries due for review
    $("cv-resolution-overdue").textContent = cv.resolutionOverdue;
    $("cv-reviews-due").textContent = cv.reviewsDue;
    fillList($("cv-listed"), cv.listedByLocality, "暂无市控事项", (l) => ({
      data: { orgId: l.orgId },
      levelClass: "YELLOW",
      levelText: "市控",
      text: `${l.orgName} · ${l.count} 件`,
    }));
  }
  // --- end issue 9 item 3 ---
  /* ---- issue 9 item 1: 矛盾纠纷调解 · 访前化解 panel: open cases in the caller's scope, pushed with the figures ---- */
  Object.assign(ALERT_KINDS, { DISPUTE_CASE_OVERDUE: "化解超期" });
  const DISPUTE_CASE_KINDS = { MEDIATION: "矛盾纠纷调解", PRE_PETITION: "访前化解" };
  function renderDisputeCases(cases) {
    const now = Date.now();
    fillList($("dispute-cases"), cases || [], "暂无在办化解案件", (c) => {
      const late = c.overdue || new Date(c.dueAt).getTime() < now;
      return {
        data: { disputeCaseId: c.id },
        levelClass: late ? "RED" : "YELLOW",
        levelText: late ? "超期" : "在办",
        text: `${DISPUTE_CASE_KINDS[c.kind] || c.kind} #${c.id} · 责任人 ${c.owner} · 期限 ${localTime(c.dueAt)}`,
      };
    });
  }
  /* ---- end issue 9 item 1: dispute cases ---- */

  async function showTimeline(id) {
    const ol = $("timeline");
    try {
      const d = await query(sessionStorage.getItem(TOKEN_KEY), "query($id: ID!) { petition(id: $id) { number state history { event fromState toState actor at } documents { kind } } }", { id });
      ol.replaceChildren();
      if (!d.petition) throw new Error("无权查看或不存在");
      $("timeline-number").textContent = `${d.petition.number} · ${d.petition.state}${documentsNote(d.petition.documents)}`;
      for (const h of d.petition.history) {
        const li = document.createElement("li");
        const t = document.createElement("time");
        t.textContent = new Date(h.at).toLocaleString("zh-CN", { hour12: false });
        li.append(t, `${h.event}：${h.fromState || "—"} → ${h.toState || "—"}${h.actor ? `（${h.actor}）` : ""}`);
        ol.append(li);
      }
    } catch (e) {
      ol.replaceChildren(Object.assign(document.createElement("li"), { className: "error", textContent: e.message }));
    }
  }

  /** After a drop: read the figures with a query (what the hub has now), then show the screen as live again. */
  async function resync(token) {
    try {
      render((await query(token, `{ dashboard { ${FIELDS} } }`)).dashboard);
      dropped = false;
      setStatus("live", "实时");
    } catch {
      setStatus("resync", "连接已断开 — 正在重新同步");
    }
  }

  function connect(token) {
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`;
    client = graphqlWs.createClient({
      url,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: false,
      keepAlive: 5000,
      retryAttempts: Infinity,
      retryWait: (n) => new Promise((r) => setTimeout(r, Math.min(500 * 2 ** n, 5000))),
      // 4401/4403: the token is not (or no longer) good; signing in again is the only way on.
      shouldRetry: (e) => !(e && (e.code === 4401 || e.code === 4403)),
      on: {
        connected: () => (dropped ? resync(token) : setStatus("live", "实时")),
        closed: (e) => {
          if (client === null) return;
          if (e && (e.code === 4401 || e.code === 4403)) return signOut("令牌已过期或被撤销，请重新登录");
          dropped = true;
          setStatus("resync", "连接已断开 — 正在重新同步");
        },
      },
    });
    client.subscribe({ query: `subscription { dashboard { ${FIELDS} } }` }, {
      next: (r) => (r.data ? render(r.data.dashboard) : null),
      error: () => setStatus("resync", "连接已断开 — 正在重新同步"),
      complete: () => undefined,
    });
  }

  async function start(token) {
    $("sign-in-error").textContent = "";
    try {
      render((await query(token, `{ dashboard { ${FIELDS} } }`)).dashboard);
    } catch (e) {
      $("sign-in-error").textContent = e.code === "UNAUTHENTICATED" ? "令牌无效或已过期" : e.message;
      sessionStorage.removeItem(TOKEN_KEY);
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    $("sign-in").hidden = true;
    $("screen").hidden = false;
    Object.values(charts || {}).forEach((c) => c.resize());
    setStatus("connecting", "连接中…");
    connect(token);
  }

  function signOut(message) {
    const c = client;
    client = null;
    if (c) c.dispose();
    sessionStorage.removeItem(TOKEN_KEY);
    $("screen").hidden = true;
    $("sign-in").hidden = false;
    $("sign-in-error").textContent = message || "";
    setStatus("idle", "未登录");
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("sign-in-form").addEventListener("submit", (e) => {
      e.preventDefault();
      void start($("token").value.trim());
    });
    $("sign-out").addEventListener("click", () => signOut());
    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (saved) void start(saved);
  });
})();
