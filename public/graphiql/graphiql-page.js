/* GraphiQL 3.8.2 served from the hub's own node_modules (React 18 UMD), for networks without internet access where
 * Apollo's CDN-loaded Sandbox stays blank. The token typed above goes into the Authorization header of every request
 * and into graphql-ws connectionParams for subscriptions; it is kept in this tab's sessionStorage only. */
/* global document, sessionStorage, location, React, ReactDOM, GraphiQL, graphqlWs */
"use strict";
(function () {
  const KEY = "petition-hub.graphiql.token";
  const root = ReactDOM.createRoot(document.getElementById("graphiql"));
  function mount() {
    const token = sessionStorage.getItem(KEY);
    const auth = token ? { authorization: `Bearer ${token}` } : {};
    document.getElementById("who").textContent = token ? "已设置令牌" : "未设置令牌（只能看 _service）";
    const ws = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`;
    const fetcher = GraphiQL.createFetcher({
      url: "/graphql",
      headers: auth,
      wsClient: graphqlWs.createClient({ url: ws, connectionParams: auth, lazy: true }),
    });
    root.render(React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true, key: token || "anonymous", defaultQuery: "{\n  me { code name }\n  dashboard { openPetitions overdue inHearing referralsWaiting }\n}\n\n# 实时订阅（经 WebSocket）：\n# subscription Live { changes { cursor type at petitionId } }\n" }));
  }
  document.getElementById("auth").addEventListener("submit", (e) => {
    e.preventDefault();
    const v = document.getElementById("token").value.trim().replace(/^Bearer\s+/i, "");
    if (v) sessionStorage.setItem(KEY, v);
    else sessionStorage.removeItem(KEY);
    mount();
  });
  mount();
})();
