var d=class extends String{__apiType;value;__meta__;constructor(n,t){super(n),this.value=n,this.__meta__=t}toString(){return this.value}},Le=new d(`
    fragment TenantFields on Tenant {
  id
  name
  slug
  createdAt
}
    `,{fragmentName:"TenantFields"}),Be=new d(`
    fragment ApiKeyFields on ApiKey {
  id
  name
  role
  prefix
  createdAt
  lastUsedAt
  revokedAt
}
    `,{fragmentName:"ApiKeyFields"}),_e=new d(`
    fragment DiagnosticsFields on ConnectorDiagnostics {
  ok
  checkedAt
  checks {
    name
    status
    target
    code
    message
    remedy
  }
}
    `,{fragmentName:"DiagnosticsFields"}),Qe=new d(`
    fragment ConnectorFields on Connector {
  id
  name
  kind
  cloud
  azureTenantId
  clientId
  exchangeOnPrem {
    ewsUrl
    autodiscoverDomain
    username
    authentication
    exchangeVersion
    hasCaBundle
    pinnedCertificateSha256
    maxConcurrency
  }
  credentialKind
  credentialHint
  credentialExpiresAt
  syncWindow {
    pastDays
    futureDays
  }
  syncIntervalSeconds
  maskPrivateEvents
  enabled
  status
  statusDetail
  lastCheckedAt
  createdAt
  updatedAt
}
    `,{fragmentName:"ConnectorFields"}),We=new d(`
    fragment MailboxFields on Mailbox {
  id
  address
  displayName
  kind
  enabled
  syncStatus
  lastSyncedAt
  lastError
  connector {
    id
    name
  }
}
    `,{fragmentName:"MailboxFields"}),Ge=new d(`
    fragment EventFields on Event {
  id
  graphId
  iCalUId
  type
  seriesMasterId
  subject
  start
  end
  isAllDay
  timeZone
  showAs
  sensitivity
  isCancelled
  organizer {
    name
    address
  }
  location
  onlineMeeting {
    provider
    joinUrl
  }
  categories
  lastModifiedAt
  mailbox {
    id
    address
  }
}
    `,{fragmentName:"EventFields"}),He=new d(`
    fragment SyncRunFields on SyncRun {
  id
  connectorId
  mailboxId
  kind
  trigger
  status
  startedAt
  finishedAt
  pages
  upserted
  deleted
  errorCode
  errorMessage
}
    `,{fragmentName:"SyncRunFields"}),ae=new d(`
    query BoardRoom($address: String!) {
  mailbox(address: $address) {
    id
    address
    displayName
    kind
    timeZone
  }
}
    `),de=new d(`
    query BoardRoomList($roomList: String!) {
  mailboxes(filter: {roomList: $roomList}, first: 100) {
    nodes {
      id
      address
      displayName
      kind
      timeZone
    }
  }
}
    `),qe=new d(`
    query Connectors($first: Int, $after: String) {
  connectors(first: $first, after: $after) {
    nodes {
      ...ConnectorFields
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment ConnectorFields on Connector {
  id
  name
  kind
  cloud
  azureTenantId
  clientId
  exchangeOnPrem {
    ewsUrl
    autodiscoverDomain
    username
    authentication
    exchangeVersion
    hasCaBundle
    pinnedCertificateSha256
    maxConcurrency
  }
  credentialKind
  credentialHint
  credentialExpiresAt
  syncWindow {
    pastDays
    futureDays
  }
  syncIntervalSeconds
  maskPrivateEvents
  enabled
  status
  statusDetail
  lastCheckedAt
  createdAt
  updatedAt
}`),ze=new d(`
    query Connector($id: ID!) {
  connector(id: $id) {
    ...ConnectorFields
    lastDiagnostics {
      ...DiagnosticsFields
    }
  }
}
    fragment DiagnosticsFields on ConnectorDiagnostics {
  ok
  checkedAt
  checks {
    name
    status
    target
    code
    message
    remedy
  }
}
fragment ConnectorFields on Connector {
  id
  name
  kind
  cloud
  azureTenantId
  clientId
  exchangeOnPrem {
    ewsUrl
    autodiscoverDomain
    username
    authentication
    exchangeVersion
    hasCaBundle
    pinnedCertificateSha256
    maxConcurrency
  }
  credentialKind
  credentialHint
  credentialExpiresAt
  syncWindow {
    pastDays
    futureDays
  }
  syncIntervalSeconds
  maskPrivateEvents
  enabled
  status
  statusDetail
  lastCheckedAt
  createdAt
  updatedAt
}`),je=new d(`
    mutation CreateConnector($input: CreateConnectorInput!) {
  createConnector(input: $input) {
    ...ConnectorFields
  }
}
    fragment ConnectorFields on Connector {
  id
  name
  kind
  cloud
  azureTenantId
  clientId
  exchangeOnPrem {
    ewsUrl
    autodiscoverDomain
    username
    authentication
    exchangeVersion
    hasCaBundle
    pinnedCertificateSha256
    maxConcurrency
  }
  credentialKind
  credentialHint
  credentialExpiresAt
  syncWindow {
    pastDays
    futureDays
  }
  syncIntervalSeconds
  maskPrivateEvents
  enabled
  status
  statusDetail
  lastCheckedAt
  createdAt
  updatedAt
}`),Ze=new d(`
    mutation UpdateConnector($id: ID!, $input: UpdateConnectorInput!) {
  updateConnector(id: $id, input: $input) {
    ...ConnectorFields
  }
}
    fragment ConnectorFields on Connector {
  id
  name
  kind
  cloud
  azureTenantId
  clientId
  exchangeOnPrem {
    ewsUrl
    autodiscoverDomain
    username
    authentication
    exchangeVersion
    hasCaBundle
    pinnedCertificateSha256
    maxConcurrency
  }
  credentialKind
  credentialHint
  credentialExpiresAt
  syncWindow {
    pastDays
    futureDays
  }
  syncIntervalSeconds
  maskPrivateEvents
  enabled
  status
  statusDetail
  lastCheckedAt
  createdAt
  updatedAt
}`),Xe=new d(`
    mutation DeleteConnector($id: ID!) {
  deleteConnector(id: $id)
}
    `),Ye=new d(`
    mutation TestConnector($id: ID!) {
  testConnector(id: $id) {
    ...DiagnosticsFields
  }
}
    fragment DiagnosticsFields on ConnectorDiagnostics {
  ok
  checkedAt
  checks {
    name
    status
    target
    code
    message
    remedy
  }
}`),le=new d(`
    query Events($mailboxIds: [ID!], $addresses: [String!], $start: DateTime!, $end: DateTime!, $includeCancelled: Boolean, $first: Int, $after: String) {
  events(
    mailboxIds: $mailboxIds
    addresses: $addresses
    start: $start
    end: $end
    includeCancelled: $includeCancelled
    first: $first
    after: $after
  ) {
    nodes {
      ...EventFields
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment EventFields on Event {
  id
  graphId
  iCalUId
  type
  seriesMasterId
  subject
  start
  end
  isAllDay
  timeZone
  showAs
  sensitivity
  isCancelled
  organizer {
    name
    address
  }
  location
  onlineMeeting {
    provider
    joinUrl
  }
  categories
  lastModifiedAt
  mailbox {
    id
    address
  }
}`),ue=new d(`
    subscription EventChanged($mailboxIds: [ID!]) {
  eventChanged(mailboxIds: $mailboxIds) {
    kind
    mailboxId
    eventId
    event {
      ...EventFields
    }
  }
}
    fragment EventFields on Event {
  id
  graphId
  iCalUId
  type
  seriesMasterId
  subject
  start
  end
  isAllDay
  timeZone
  showAs
  sensitivity
  isCancelled
  organizer {
    name
    address
  }
  location
  onlineMeeting {
    provider
    joinUrl
  }
  categories
  lastModifiedAt
  mailbox {
    id
    address
  }
}`),Je=new d(`
    query Mailboxes($connectorId: ID, $kind: MailboxKind, $search: String, $first: Int, $after: String) {
  mailboxes(
    connectorId: $connectorId
    kind: $kind
    search: $search
    first: $first
    after: $after
  ) {
    nodes {
      ...MailboxFields
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}
    fragment MailboxFields on Mailbox {
  id
  address
  displayName
  kind
  enabled
  syncStatus
  lastSyncedAt
  lastError
  connector {
    id
    name
  }
}`),en=new d(`
    query MailboxByAddress($address: String!) {
  mailbox(address: $address) {
    ...MailboxFields
  }
}
    fragment MailboxFields on Mailbox {
  id
  address
  displayName
  kind
  enabled
  syncStatus
  lastSyncedAt
  lastError
  connector {
    id
    name
  }
}`),nn=new d(`
    query MailboxById($id: ID!) {
  mailbox(id: $id) {
    ...MailboxFields
  }
}
    fragment MailboxFields on Mailbox {
  id
  address
  displayName
  kind
  enabled
  syncStatus
  lastSyncedAt
  lastError
  connector {
    id
    name
  }
}`),tn=new d(`
    mutation AddMailboxes($connectorId: ID!, $addresses: [String!]!) {
  addMailboxes(connectorId: $connectorId, addresses: $addresses) {
    ...MailboxFields
  }
}
    fragment MailboxFields on Mailbox {
  id
  address
  displayName
  kind
  enabled
  syncStatus
  lastSyncedAt
  lastError
  connector {
    id
    name
  }
}`),rn=new d(`
    mutation RemoveMailboxes($connectorId: ID!, $addresses: [String!]!) {
  removeMailboxes(connectorId: $connectorId, addresses: $addresses)
}
    `),on=new d(`
    mutation DiscoverRooms($connectorId: ID!) {
  discoverRooms(connectorId: $connectorId) {
    ...MailboxFields
  }
}
    fragment MailboxFields on Mailbox {
  id
  address
  displayName
  kind
  enabled
  syncStatus
  lastSyncedAt
  lastError
  connector {
    id
    name
  }
}`),sn=new d(`
    mutation SyncConnector($id: ID!, $full: Boolean) {
  syncConnector(id: $id, full: $full) {
    enqueued
  }
}
    `),an=new d(`
    mutation SyncMailbox($id: ID!, $full: Boolean) {
  syncMailbox(id: $id, full: $full) {
    enqueued
  }
}
    `),dn=new d(`
    query SyncRuns($connectorId: ID, $mailboxId: ID, $status: SyncRunStatus, $first: Int, $after: String) {
  syncRuns(
    connectorId: $connectorId
    mailboxId: $mailboxId
    status: $status
    first: $first
    after: $after
  ) {
    nodes {
      ...SyncRunFields
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment SyncRunFields on SyncRun {
  id
  connectorId
  mailboxId
  kind
  trigger
  status
  startedAt
  finishedAt
  pages
  upserted
  deleted
  errorCode
  errorMessage
}`),ln=new d(`
    query Viewer {
  viewer {
    role
    tenant {
      ...TenantFields
    }
  }
}
    fragment TenantFields on Tenant {
  id
  name
  slug
  createdAt
}`),un=new d(`
    query Tenants($first: Int, $after: String) {
  tenants(first: $first, after: $after) {
    nodes {
      ...TenantFields
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment TenantFields on Tenant {
  id
  name
  slug
  createdAt
}`),cn=new d(`
    mutation CreateTenant($input: CreateTenantInput!) {
  createTenant(input: $input) {
    tenant {
      ...TenantFields
    }
    apiKey {
      ...ApiKeyFields
    }
    apiKeySecret
  }
}
    fragment TenantFields on Tenant {
  id
  name
  slug
  createdAt
}
fragment ApiKeyFields on ApiKey {
  id
  name
  role
  prefix
  createdAt
  lastUsedAt
  revokedAt
}`),pn=new d(`
    mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    apiKey {
      ...ApiKeyFields
    }
    secret
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  role
  prefix
  createdAt
  lastUsedAt
  revokedAt
}`),gn=new d(`
    mutation RevokeApiKey($id: ID!) {
  revokeApiKey(id: $id) {
    ...ApiKeyFields
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  role
  prefix
  createdAt
  lastUsedAt
  revokedAt
}`),yn=new d(`
    query ApiKeys($first: Int, $after: String) {
  apiKeys(first: $first, after: $after) {
    nodes {
      ...ApiKeyFields
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  role
  prefix
  createdAt
  lastUsedAt
  revokedAt
}`);var ce=["UNAUTHENTICATED","FORBIDDEN","NOT_FOUND","BAD_USER_INPUT","CONFLICT","RATE_LIMITED","QUERY_TOO_COMPLEX","UPSTREAM_UNAVAILABLE","CURSOR_EXPIRED","INTERNAL"],E=class e extends Error{name="CalsyncError";code;errors;status;constructor(n,t,o=[],r){super(t),this.code=n,this.errors=o,this.status=r}get retryAfterSeconds(){let n=this.errors[0]?.extensions?.retryAfterSeconds;return typeof n=="number"?n:void 0}static fromGraphQLErrors(n,t){let r=n[0]?.extensions?.code,s=Me(r)?r:"UNEXPECTED_RESPONSE",g=n.map(c=>c.message).join("; ")||"The API returned an error without a message";return new e(s,g,n,t)}};function Me(e){return typeof e=="string"&&ce.includes(e)}function W(e){return new URL("graphql",e.endsWith("/")?e:`${e}/`).toString()}async function z(e,n,t){let o=e.fetch??fetch,r;try{r=await o(W(e.url),{method:"POST",headers:{"content-type":"application/json",accept:"application/graphql-response+json, application/json",...e.apiKey?{authorization:`Bearer ${e.apiKey}`}:{},...e.headers},body:JSON.stringify({query:n.toString(),variables:t??{}})})}catch(g){let c=g instanceof Error?g.cause instanceof Error?g.cause.message:g.message:"";throw new E("NETWORK",`Cannot reach ${e.url}${c?`: ${c}`:""}`)}let s;try{s=await r.json()}catch{throw new E("UNEXPECTED_RESPONSE",`${e.url} answered HTTP ${r.status} without a GraphQL body`,[],r.status)}if(s.errors&&s.errors.length>0)throw E.fromGraphQLErrors(s.errors,r.status);if(s.data===void 0||s.data===null)throw new E("UNEXPECTED_RESPONSE","The API answered without data",[],r.status);return s.data}async function*pe(e){let n;for(;;){let t=await e(n);if(yield*t.nodes,!t.pageInfo.hasNextPage||t.pageInfo.endCursor===null)return;n=t.pageInfo.endCursor}}function S(e){return e===null?"null":Array.isArray(e)?"array":typeof e}function D(e){return S(e)==="object"}function Ne(e){return Array.isArray(e)&&e.length>0&&e.every(n=>"message"in n)}function j(e,n){return e.length<124?e:n}var ge="graphql-transport-ws";var A=(e=>(e[e.InternalServerError=4500]="InternalServerError",e[e.InternalClientError=4005]="InternalClientError",e[e.BadRequest=4400]="BadRequest",e[e.BadResponse=4004]="BadResponse",e[e.Unauthorized=4401]="Unauthorized",e[e.Forbidden=4403]="Forbidden",e[e.SubprotocolNotAcceptable=4406]="SubprotocolNotAcceptable",e[e.ConnectionInitialisationTimeout=4408]="ConnectionInitialisationTimeout",e[e.ConnectionAcknowledgementTimeout=4504]="ConnectionAcknowledgementTimeout",e[e.SubscriberAlreadyExists=4409]="SubscriberAlreadyExists",e[e.TooManyInitialisationRequests=4429]="TooManyInitialisationRequests",e))(A||{}),w=(e=>(e.ConnectionInit="connection_init",e.ConnectionAck="connection_ack",e.Ping="ping",e.Pong="pong",e.Subscribe="subscribe",e.Next="next",e.Error="error",e.Complete="complete",e))(w||{});function ye(e){if(!D(e))throw new Error(`Message is expected to be an object, but got ${S(e)}`);if(!e.type)throw new Error("Message is missing the 'type' property");if(typeof e.type!="string")throw new Error(`Message is expects the 'type' property to be a string, but got ${S(e.type)}`);switch(e.type){case"connection_init":case"connection_ack":case"ping":case"pong":{if(e.payload!=null&&!D(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object or nullish or missing, but got "${e.payload}"`);break}case"subscribe":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${S(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!D(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${S(e.payload)}`);if(typeof e.payload.query!="string")throw new Error(`"${e.type}" message payload expects the 'query' property to be a string, but got ${S(e.payload.query)}`);if(e.payload.variables!=null&&!D(e.payload.variables))throw new Error(`"${e.type}" message payload expects the 'variables' property to be a an object or nullish or missing, but got ${S(e.payload.variables)}`);if(e.payload.operationName!=null&&S(e.payload.operationName)!=="string")throw new Error(`"${e.type}" message payload expects the 'operationName' property to be a string or nullish or missing, but got ${S(e.payload.operationName)}`);if(e.payload.extensions!=null&&!D(e.payload.extensions))throw new Error(`"${e.type}" message payload expects the 'extensions' property to be a an object or nullish or missing, but got ${S(e.payload.extensions)}`);break}case"next":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${S(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!D(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${S(e.payload)}`);break}case"error":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${S(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!Ne(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an array of GraphQL errors, but got ${JSON.stringify(e.payload)}`);break}case"complete":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${S(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);break}default:throw new Error(`Invalid message 'type' property "${e.type}"`)}return e}function me(e,n){return ye(typeof e=="string"?JSON.parse(e,n):e)}function O(e,n){return ye(e),JSON.stringify(e,n)}function X(e){let{url:n,connectionParams:t,lazy:o=!0,onNonLazyError:r=console.error,lazyCloseTimeout:s=0,keepAlive:g=0,disablePong:c,connectionAckWaitTimeout:f=0,retryAttempts:L=5,retryWait:Ie=async function(p){let i=Math.pow(2,p);await new Promise(u=>setTimeout(u,i*1e3+Math.floor(Math.random()*2700+300)))},shouldRetry:De=Z,on:x,webSocketImpl:G,generateID:Re=function(){return"xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g,p=>{let i=Math.random()*16|0;return(p=="x"?i:i&3|8).toString(16)})},jsonMessageReplacer:B,jsonMessageReviver:ke}=e,M;if(G){if(!Oe(G))throw new Error("Invalid WebSocket implementation provided");M=G}else typeof WebSocket<"u"?M=WebSocket:typeof global<"u"?M=global.WebSocket||global.MozWebSocket:typeof window<"u"&&(M=window.WebSocket||window.MozWebSocket);if(!M)throw new Error("WebSocket implementation missing; on Node you can `import WebSocket from 'ws';` and pass `webSocketImpl: WebSocket` to `createClient`");let R=M,h=(()=>{let a=(()=>{let i={};return{on(u,y){return i[u]=y,()=>{delete i[u]}},emit(u){"id"in u&&i[u.id]?.(u)}}})(),p={connecting:x?.connecting?[x.connecting]:[],opened:x?.opened?[x.opened]:[],connected:x?.connected?[x.connected]:[],ping:x?.ping?[x.ping]:[],pong:x?.pong?[x.pong]:[],message:x?.message?[a.emit,x.message]:[a.emit],closed:x?.closed?[x.closed]:[],error:x?.error?[x.error]:[]};return{onMessage:a.on,on(i,u){let y=p[i];return y.push(u),()=>{let m=y.indexOf(u);m>-1&&y.splice(m,1)}},emit(i,...u){for(let y of[...p[i]])y(...u)}}})();function H(a){let p=[h.on("error",i=>{p.forEach(u=>u()),a(i)}),h.on("closed",i=>{p.forEach(u=>u()),a(i)})];return()=>p.forEach(i=>i())}let k,I=0,q,K=!1,_=0,te=!1;async function re(){clearTimeout(q);let[a,p]=await(k??(k=new Promise((y,m)=>(async()=>{if(K){if(await Ie(_),!I)return k=void 0,m({code:1e3,reason:"All Subscriptions Gone"});_++}h.emit("connecting",K);let l=new R(typeof n=="function"?await n():n,ge),T,N;function Q(){isFinite(g)&&g>0&&(clearTimeout(N),N=setTimeout(()=>{l.readyState===R.OPEN&&(l.send(O({type:w.Ping})),h.emit("ping",!1,void 0))},g))}H(C=>{k=void 0,clearTimeout(T),clearTimeout(N),m(C),C instanceof V&&(l.close(4499,"Terminated"),l.onerror=null,l.onclose=null)}),l.onerror=C=>h.emit("error",C),l.onclose=C=>h.emit("closed",C),l.onopen=async()=>{try{h.emit("opened",l);let C=typeof t=="function"?await t():t;if(l.readyState!==R.OPEN)return;l.send(O(C?{type:w.ConnectionInit,payload:C}:{type:w.ConnectionInit},B)),isFinite(f)&&f>0&&(T=setTimeout(()=>{l.close(A.ConnectionAcknowledgementTimeout,"Connection acknowledgement timeout")},f)),Q()}catch(C){h.emit("error",C),l.close(A.InternalClientError,j(C instanceof Error?C.message:String(C),"Internal client error"))}};let $=!1;l.onmessage=({data:C})=>{try{let b=me(C,ke);if(h.emit("message",b),b.type==="ping"||b.type==="pong"){h.emit(b.type,!0,b.payload),b.type==="pong"?Q():c||(l.send(O(b.payload?{type:w.Pong,payload:b.payload}:{type:w.Pong},B)),h.emit("pong",!1,b.payload));return}if($)return;if(b.type!==w.ConnectionAck)throw new Error(`First message cannot be of type ${b.type}`);clearTimeout(T),$=!0,h.emit("connected",l,b.payload,K),K=!1,_=0;let se=new Promise((Ue,ve)=>H(ve));se.catch(()=>{}),y([l,se])}catch(b){l.onmessage=null,h.emit("error",b),l.close(A.BadResponse,j(b instanceof Error?b.message:String(b),"Bad response"))}}})())));a.readyState===R.CLOSING&&await p;let i=()=>{},u=new Promise(y=>i=y);return[a,i,new Promise((y,m)=>{let l=H(m);a.readyState!==R.OPEN&&p.catch(m),u.then(()=>{if(l(),!I){let T=()=>a.close(1e3,"Normal Closure");isFinite(s)&&s>0?(clearTimeout(q),q=setTimeout(()=>{!I&&a.readyState===R.OPEN&&T()},s)):T()}y()})})]}function oe(a){if(Z(a)&&($e(a.code)||[A.InternalServerError,A.InternalClientError,A.BadRequest,A.BadResponse,A.Unauthorized,A.SubprotocolNotAcceptable,A.SubscriberAlreadyExists,A.TooManyInitialisationRequests].includes(a.code)))throw a;if(te)return!1;if(Z(a)&&a.code===1e3)return I>0;if(!L||_>=L||!De(a))throw a;return K=!0}o||(async()=>{for(I++;;)try{let[,,a]=await re();await a}catch(a){try{if(!oe(a))return}catch(p){return r?.(p)}}})();function ie(a,p){let i=Re(a),u=!1,y=!1,m=()=>{I--,u=!0};return(async()=>{for(I++;;)try{let[l,T,N]=await re();if(u)return N.catch(()=>{}),T();let Q=h.onMessage(i,$=>{switch($.type){case w.Next:{p.next($.payload);return}case w.Error:{y=!0,u=!0,p.error($.payload),m();return}case w.Complete:{u=!0,m();return}}});l.send(O({id:i,type:w.Subscribe,payload:a},B)),m=()=>{!u&&l.readyState===R.OPEN&&l.send(O({id:i,type:w.Complete},B)),I--,u=!0,T()},await N.finally(Q);return}catch(l){if(!oe(l))return}})().then(()=>{y||p.complete()}).catch(l=>{p.error(l)}),()=>{u||m()}}return{on:h.on,subscribe:ie,iterate(a){let p=[],i={done:!1,error:null,resolve:()=>{}},u=ie(a,{next(m){p.push(m),i.resolve()},error(m){i.done=!0,i.error=m,i.resolve()},complete(){i.done=!0,i.resolve()}}),y=(async function*(){for(;;){for(p.length||await new Promise(l=>i.resolve=l);p.length;)yield p.shift();if(i.error)throw i.error;if(i.done)return}})();return y.throw=async m=>(i.done||(i.done=!0,i.error=m,i.resolve()),{done:!0,value:void 0}),y.return=async()=>(u(),{done:!0,value:void 0}),y},async dispose(){if(te=!0,k){let[a]=await k;a.close(1e3,"Normal Closure")}},terminate(){k&&h.emit("closed",new V)}}}var V=class extends Error{name="TerminatedCloseEvent";message="4499: Terminated";code=4499;reason="Terminated";wasClean=!1};function Z(e){return D(e)&&"code"in e&&"reason"in e}function $e(e){return[1e3,1001,1006,1005,1012,1013,1014].includes(e)?!1:e>=1e3&&e<=1999}function Oe(e){return typeof e=="function"&&"constructor"in e&&"CLOSED"in e&&"CLOSING"in e&&"CONNECTING"in e&&"OPEN"in e}function Pe(e){let n=new URL(e);return n.protocol=n.protocol==="https:"?"wss:":"ws:",n.toString()}function fe(e){let n=X({url:Pe(e.endpoint),connectionParams:e.apiKey?{authorization:`Bearer ${e.apiKey}`}:{},...e.webSocketImpl?{webSocketImpl:e.webSocketImpl}:{},retryAttempts:e.retryAttempts??5,shouldRetry:()=>!0,on:{connecting:()=>e.onConnectionChange?.("connecting"),connected:()=>e.onConnectionChange?.("connected"),closed:()=>e.onConnectionChange?.("closed")}});return{client:n,dispose:()=>Promise.resolve(n.dispose())}}function Fe(e){if(e instanceof E)return e;if(Array.isArray(e))return E.fromGraphQLErrors(e);if(e&&typeof e=="object"&&"code"in e&&typeof e.code=="number"){let n="reason"in e&&typeof e.reason=="string"?e.reason:"";return e.code===4403?new E("UNAUTHENTICATED","The API refused the key for subscriptions"):new E("NETWORK",`Subscription connection closed (${e.code}${n?` ${n}`:""})`)}return e instanceof Error&&e.message.includes('"connection_error"')?new E("UNAUTHENTICATED","The API refused the key for subscriptions"):new E("NETWORK",e instanceof Error?e.message:"Subscription connection failed")}var Y={done:!0,value:void 0};function be(e,n,t){let o=e.iterate({query:n.toString(),variables:t??{}}),r=()=>{},s=new Promise(f=>{r=()=>f(Y)}),g=async()=>(r(),await o.return?.(),Y),c={async next(){for(;;){let f;try{f=await Promise.race([o.next(),s])}catch(L){throw Fe(L)}if(f.done)return Y;if(f.value.errors&&f.value.errors.length>0)throw await g(),E.fromGraphQLErrors(f.value.errors);if(f.value.data)return{done:!1,value:f.value.data}}},return:g,[Symbol.asyncIterator](){return c}};return c}function J(e){let n,t=()=>n??=fe({endpoint:W(e.url),apiKey:e.apiKey,webSocketImpl:e.webSocketImpl,...e.retryAttempts!==void 0?{retryAttempts:e.retryAttempts}:{},...e.onConnectionChange?{onConnectionChange:e.onConnectionChange}:{}});return{request(o,...[r]){return z(e,o,r)},paginate(o,r,s){return pe(g=>z(e,o,Ke(r,g)).then(s))},subscribe(o,...[r]){return be(t().client,o,r)},async close(){await n?.dispose(),n=void 0}}}function Ke(e,n){return{...e,...n===void 0?{}:{after:n}}}function P(e,n){return new Intl.DateTimeFormat("en-GB",{timeZone:n,hour:"2-digit",minute:"2-digit",hourCycle:"h23"}).format(new Date(e))}function xe(e,n){return new Intl.DateTimeFormat("en-CA",{timeZone:n,year:"numeric",month:"2-digit",day:"2-digit"}).format(new Date(e))}function he(e,n,t){return`${xe(e.start,n)===xe(t,n)?"":`${new Intl.DateTimeFormat("en-GB",{timeZone:n,weekday:"short"}).format(new Date(e.start))} `}${P(e.start,n)}\u2013${P(e.end,n)}`}var Ce=e=>e.subject??(e.sensitivity==="NORMAL"?"Busy":"Private meeting");function v(e,n,t){let o=document.createElement(e);return o.className=n,t!==void 0&&(o.textContent=t),o}function Ee(e,n,t,o){let{state:r}=e,s=v("section",`room ${r.current?"busy":"free"}`);return s.dataset.address=e.address,s.dataset.timeZone=n,s.append(v("h2","name",e.name)),n!==o&&s.append(v("p","zone",`${P(t,n)} ${n}`)),r.current&&r.busyUntil?(s.append(v("p","status",`Busy until ${P(r.busyUntil,n)}`)),s.append(v("p","now",`Now: ${Ce(r.current)} (${he(r.current,n,t)})`))):s.append(v("p","status",r.freeUntil?`Free until ${P(r.freeUntil,n)}`:"Free")),s.append(v("p","next",r.next?`Next: ${Ce(r.next)} (${he(r.next,n,t)})`:"Nothing else booked")),s}function ee(e,n){return P(e,n)}var Ve=e=>!e.isCancelled&&e.showAs!=="FREE";function Se(e,n){let t=e.filter(Ve).sort((c,f)=>c.start.localeCompare(f.start)),o=n.getTime(),r=t.find(c=>Date.parse(c.start)<=o&&Date.parse(c.end)>o)??null;if(!r){let c=t.find(f=>Date.parse(f.start)>o)??null;return{current:null,next:c,busyUntil:null,freeUntil:c?new Date(c.start):null}}let s=Date.parse(r.end);for(let c of t)Date.parse(c.start)<=s&&Date.parse(c.end)>s&&(s=Date.parse(c.end));let g=t.find(c=>Date.parse(c.start)>=Date.parse(r.end)&&c.id!==r.id)??null;return{current:r,next:g,busyUntil:new Date(s),freeUntil:null}}function Ae(e,n){return e.fixedZone??n??e.timeZone}function we(e,n){let t=new URLSearchParams(e.replace(/^#/,"")),o=t.get("key")??"",r=(t.get("rooms")??"").split(",").map(f=>f.trim().toLowerCase()).filter(Boolean);if(!o)return"Add a read-only API key to the address: /board#key=csk_\u2026&rooms=room@example.com";let s=t.get("list")?.trim().toLowerCase()||null;if(r.length===0&&!s)return"Name the rooms in the address: /board#key=\u2026&rooms=a@example.com,b@example.com (or &list=<room list address>)";let g=t.get("tz"),c=g??n;try{new Intl.DateTimeFormat("en",{timeZone:c})}catch{return`Unknown time zone ${c}`}return{apiKey:o,addresses:r,roomList:s,timeZone:c,fixedZone:g,title:t.get("title")??"Rooms"}}var Te=36e5,F=e=>document.getElementById(e),ne=class{constructor(n){this.settings=n;this.rooms=n.addresses.map(t=>({id:null,address:t,name:t,timeZone:null,events:new Map})),this.client=J({url:location.origin,apiKey:n.apiKey,retryAttempts:Number.POSITIVE_INFINITY,onConnectionChange:t=>this.connectionChanged(t)})}settings;rooms;lastUpdated=null;offline=!1;client;async start(){await this.load(),this.follow(),setInterval(()=>this.render(),15e3)}async load(){if(this.settings.roomList){let{mailboxes:o}=await this.client.request(de,{roomList:this.settings.roomList});this.rooms=o.nodes.map(r=>({id:r.id,address:r.address,name:r.displayName??r.address,timeZone:r.timeZone,events:new Map}))}for(let o of this.rooms.filter(r=>this.settings.addresses.includes(r.address))){let{mailbox:r}=await this.client.request(ae,{address:o.address});o.id=r?.id??null,o.name=r?.displayName??o.address,o.timeZone=r?.timeZone??null,o.events.clear()}let n=Date.now(),t=this.client.paginate(le,{addresses:this.rooms.map(o=>o.address),start:new Date(n-12*Te).toISOString(),end:new Date(n+36*Te).toISOString(),first:500},o=>o.events);for await(let o of t)this.roomOf(o.mailbox.id)?.events.set(o.id,o);this.lastUpdated=new Date,this.render()}async follow(){let n=this.rooms.flatMap(t=>t.id?[t.id]:[]);try{for await(let{eventChanged:t}of this.client.subscribe(ue,{mailboxIds:n})){let o=this.roomOf(t.mailboxId);o&&(t.event?o.events.set(t.eventId,t.event):o.events.delete(t.eventId),this.lastUpdated=new Date,this.render())}}catch{this.connectionChanged("closed"),setTimeout(()=>{this.follow()},5e3)}}connectionChanged(n){n==="closed"&&!this.offline?(this.offline=!0,this.render()):n==="connected"&&this.offline&&this.load().then(()=>{this.offline=!1,this.render()},()=>{})}roomOf(n){return this.rooms.find(t=>t.id===n)}render(){let n=new Date,{timeZone:t}=this.settings;F("clock").textContent=ee(n,t);let o=F("offline");o.hidden=!this.offline,o.textContent=`Offline \u2014 last updated ${this.lastUpdated?ee(this.lastUpdated,t):"never"}`,document.body.classList.toggle("offline",this.offline),F("rooms").replaceChildren(...this.rooms.map(r=>Ee({address:r.address,name:r.name,state:Se([...r.events.values()],n)},Ae(this.settings,r.timeZone),n,t)))}},U=we(location.hash,Intl.DateTimeFormat().resolvedOptions().timeZone);typeof U=="string"?F("rooms").textContent=U:(document.title=U.title,F("title").textContent=U.title,new ne(U).start().catch(e=>{F("rooms").textContent=`Cannot load the rooms: ${e instanceof Error?e.message:String(e)}`}));
