// Boots GraphiQL against this server. An API key may be handed over in the URL fragment
// (/graphiql#key=...): fragments never reach the server or its logs. It is moved into the
// headers editor and removed from the address bar; it is never persisted.
(function () {
  var key = new URLSearchParams(window.location.hash.slice(1)).get('key');
  if (key) window.history.replaceState(null, '', window.location.pathname);
  var headers = key ? JSON.stringify({ Authorization: 'Bearer ' + key }, null, 2) : undefined;
  var fetcher = GraphiQL.createFetcher({ url: window.location.origin + '/graphql' });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultHeaders: headers,
      // The key lives in the headers: never write it to localStorage, where any script of
      // this origin (and anyone at this browser later) could read it.
      shouldPersistHeaders: false,
      defaultQuery:
        '# Put your API key in the Headers tab: {"Authorization": "Bearer csk_..."}\n{\n  viewer { role tenant { name } }\n}\n',
    }),
  );
})();
