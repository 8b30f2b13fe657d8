var a=class extends String{__apiType;value;__meta__;constructor(n,t){super(n),this.value=n,this.__meta__=t}toString(){return this.value}},Ve=new a(`
    fragment TenantFields on Tenant {
  id
  name
  slug
  createdAt
}
    `,{fragmentName:"TenantFields"}),Ue=new a(`
    fragment ApiKeyFields on ApiKey {
  id
  name
  role
  prefix
  createdAt
  lastUsedAt
  revokedAt
}
    `,{fragmentName:"ApiKeyFields"}),Le=new a(`
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
    `,{fragmentName:"DiagnosticsFields"}),_e=new a(`
    fragment ConnectorFields on Connector {
  id
  name
  kind
  cloud
  azureTenantId
  clientId
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
    `,{fragmentName:"ConnectorFields"}),Qe=new a(`
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
    `,{fragmentName:"MailboxFields"}),Be=new a(`
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
    `,{fragmentName:"EventFields"}),Ge=new a(`
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
    `,{fragmentName:"SyncRunFields"}),ae=new a(`
    query BoardRoom($address: String!) {
  mailbox(address: $address) {
    id
    address
    displayName
    kind
  }
}
    `),We=new a(`
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
}`),qe=new a(`
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
}`),He=new a(`
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
}`),ze=new a(`
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
}`),je=new a(`
    mutation DeleteConnector($id: ID!) {
  deleteConnector(id: $id)
}
    `),Xe=new a(`
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
}`),de=new a(`
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
}`),le=new a(`
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
}`),Ye=new a(`
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
}`),Je=new a(`
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
}`),Ze=new a(`
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
}`),en=new a(`
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
}`),nn=new a(`
    mutation RemoveMailboxes($connectorId: ID!, $addresses: [String!]!) {
  removeMailboxes(connectorId: $connectorId, addresses: $addresses)
}
    `),tn=new a(`
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
}`),rn=new a(`
    mutation SyncConnector($id: ID!, $full: Boolean) {
  syncConnector(id: $id, full: $full) {
    enqueued
  }
}
    `),on=new a(`
    mutation SyncMailbox($id: ID!, $full: Boolean) {
  syncMailbox(id: $id, full: $full) {
    enqueued
  }
}
    `),sn=new a(`
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
}`),an=new a(`
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
}`),dn=new a(`
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
}`),ln=new a(`
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
}`),un=new a(`
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
}`),cn=new a(`
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
}`),pn=new a(`
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
}`);var ue=["UNAUTHENTICATED","FORBIDDEN","NOT_FOUND","BAD_USER_INPUT","CONFLICT","RATE_LIMITED","QUERY_TOO_COMPLEX","UPSTREAM_UNAVAILABLE","CURSOR_EXPIRED","INTERNAL"],S=class e extends Error{name="CalsyncError";code;errors;status;constructor(n,t,r=[],o){super(t),this.code=n,this.errors=r,this.status=o}get retryAfterSeconds(){let n=this.errors[0]?.extensions?.retryAfterSeconds;return typeof n=="number"?n:void 0}static fromGraphQLErrors(n,t){let o=n[0]?.extensions?.code,u=ke(o)?o:"UNEXPECTED_RESPONSE",m=n.map(c=>c.message).join("; ")||"The API returned an error without a message";return new e(u,m,n,t)}};function ke(e){return typeof e=="string"&&ue.includes(e)}function G(e){return new URL("graphql",e.endsWith("/")?e:`${e}/`).toString()}async function z(e,n,t){let r=e.fetch??fetch,o;try{o=await r(G(e.url),{method:"POST",headers:{"content-type":"application/json",accept:"application/graphql-response+json, application/json",...e.apiKey?{authorization:`Bearer ${e.apiKey}`}:{},...e.headers},body:JSON.stringify({query:n.toString(),variables:t??{}})})}catch(m){let c=m instanceof Error?m.cause instanceof Error?m.cause.message:m.message:"";throw new S("NETWORK",`Cannot reach ${e.url}${c?`: ${c}`:""}`)}let u;try{u=await o.json()}catch{throw new S("UNEXPECTED_RESPONSE",`${e.url} answered HTTP ${o.status} without a GraphQL body`,[],o.status)}if(u.errors&&u.errors.length>0)throw S.fromGraphQLErrors(u.errors,o.status);if(u.data===void 0||u.data===null)throw new S("UNEXPECTED_RESPONSE","The API answered without data",[],o.status);return u.data}async function*ce(e){let n;for(;;){let t=await e(n);if(yield*t.nodes,!t.pageInfo.hasNextPage||t.pageInfo.endCursor===null)return;n=t.pageInfo.endCursor}}function A(e){return e===null?"null":Array.isArray(e)?"array":typeof e}function D(e){return A(e)==="object"}function Me(e){return Array.isArray(e)&&e.length>0&&e.every(n=>"message"in n)}function j(e,n){return e.length<124?e:n}var pe="graphql-transport-ws";var h=(e=>(e[e.InternalServerError=4500]="InternalServerError",e[e.InternalClientError=4005]="InternalClientError",e[e.BadRequest=4400]="BadRequest",e[e.BadResponse=4004]="BadResponse",e[e.Unauthorized=4401]="Unauthorized",e[e.Forbidden=4403]="Forbidden",e[e.SubprotocolNotAcceptable=4406]="SubprotocolNotAcceptable",e[e.ConnectionInitialisationTimeout=4408]="ConnectionInitialisationTimeout",e[e.ConnectionAcknowledgementTimeout=4504]="ConnectionAcknowledgementTimeout",e[e.SubscriberAlreadyExists=4409]="SubscriberAlreadyExists",e[e.TooManyInitialisationRequests=4429]="TooManyInitialisationRequests",e))(h||{}),w=(e=>(e.ConnectionInit="connection_init",e.ConnectionAck="connection_ack",e.Ping="ping",e.Pong="pong",e.Subscribe="subscribe",e.Next="next",e.Error="error",e.Complete="complete",e))(w||{});function ge(e){if(!D(e))throw new Error(`Message is expected to be an object, but got ${A(e)}`);if(!e.type)throw new Error("Message is missing the 'type' property");if(typeof e.type!="string")throw new Error(`Message is expects the 'type' property to be a string, but got ${A(e.type)}`);switch(e.type){case"connection_init":case"connection_ack":case"ping":case"pong":{if(e.payload!=null&&!D(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object or nullish or missing, but got "${e.payload}"`);break}case"subscribe":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${A(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!D(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${A(e.payload)}`);if(typeof e.payload.query!="string")throw new Error(`"${e.type}" message payload expects the 'query' property to be a string, but got ${A(e.payload.query)}`);if(e.payload.variables!=null&&!D(e.payload.variables))throw new Error(`"${e.type}" message payload expects the 'variables' property to be a an object or nullish or missing, but got ${A(e.payload.variables)}`);if(e.payload.operationName!=null&&A(e.payload.operationName)!=="string")throw new Error(`"${e.type}" message payload expects the 'operationName' property to be a string or nullish or missing, but got ${A(e.payload.operationName)}`);if(e.payload.extensions!=null&&!D(e.payload.extensions))throw new Error(`"${e.type}" message payload expects the 'extensions' property to be a an object or nullish or missing, but got ${A(e.payload.extensions)}`);break}case"next":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${A(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!D(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${A(e.payload)}`);break}case"error":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${A(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!Me(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an array of GraphQL errors, but got ${JSON.stringify(e.payload)}`);break}case"complete":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${A(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);break}default:throw new Error(`Invalid message 'type' property "${e.type}"`)}return e}function ye(e,n){return ge(typeof e=="string"?JSON.parse(e,n):e)}function $(e,n){return ge(e),JSON.stringify(e,n)}function Y(e){let{url:n,connectionParams:t,lazy:r=!0,onNonLazyError:o=console.error,lazyCloseTimeout:u=0,keepAlive:m=0,disablePong:c,connectionAckWaitTimeout:f=0,retryAttempts:L=5,retryWait:we=async function(p){let i=Math.pow(2,p);await new Promise(l=>setTimeout(l,i*1e3+Math.floor(Math.random()*2700+300)))},shouldRetry:Te=X,on:x,webSocketImpl:W,generateID:Ie=function(){return"xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g,p=>{let i=Math.random()*16|0;return(p=="x"?i:i&3|8).toString(16)})},jsonMessageReplacer:_,jsonMessageReviver:De}=e,M;if(W){if(!Ne(W))throw new Error("Invalid WebSocket implementation provided");M=W}else typeof WebSocket<"u"?M=WebSocket:typeof global<"u"?M=global.WebSocket||global.MozWebSocket:typeof window<"u"&&(M=window.WebSocket||window.MozWebSocket);if(!M)throw new Error("WebSocket implementation missing; on Node you can `import WebSocket from 'ws';` and pass `webSocketImpl: WebSocket` to `createClient`");let R=M,C=(()=>{let s=(()=>{let i={};return{on(l,g){return i[l]=g,()=>{delete i[l]}},emit(l){"id"in l&&i[l.id]?.(l)}}})(),p={connecting:x?.connecting?[x.connecting]:[],opened:x?.opened?[x.opened]:[],connected:x?.connected?[x.connected]:[],ping:x?.ping?[x.ping]:[],pong:x?.pong?[x.pong]:[],message:x?.message?[s.emit,x.message]:[s.emit],closed:x?.closed?[x.closed]:[],error:x?.error?[x.error]:[]};return{onMessage:s.on,on(i,l){let g=p[i];return g.push(l),()=>{let y=g.indexOf(l);y>-1&&g.splice(y,1)}},emit(i,...l){for(let g of[...p[i]])g(...l)}}})();function q(s){let p=[C.on("error",i=>{p.forEach(l=>l()),s(i)}),C.on("closed",i=>{p.forEach(l=>l()),s(i)})];return()=>p.forEach(i=>i())}let k,I=0,H,O=!1,Q=0,te=!1;async function re(){clearTimeout(H);let[s,p]=await(k??(k=new Promise((g,y)=>(async()=>{if(O){if(await we(Q),!I)return k=void 0,y({code:1e3,reason:"All Subscriptions Gone"});Q++}C.emit("connecting",O);let d=new R(typeof n=="function"?await n():n,pe),T,v;function B(){isFinite(m)&&m>0&&(clearTimeout(v),v=setTimeout(()=>{d.readyState===R.OPEN&&(d.send($({type:w.Ping})),C.emit("ping",!1,void 0))},m))}q(E=>{k=void 0,clearTimeout(T),clearTimeout(v),y(E),E instanceof K&&(d.close(4499,"Terminated"),d.onerror=null,d.onclose=null)}),d.onerror=E=>C.emit("error",E),d.onclose=E=>C.emit("closed",E),d.onopen=async()=>{try{C.emit("opened",d);let E=typeof t=="function"?await t():t;if(d.readyState!==R.OPEN)return;d.send($(E?{type:w.ConnectionInit,payload:E}:{type:w.ConnectionInit},_)),isFinite(f)&&f>0&&(T=setTimeout(()=>{d.close(h.ConnectionAcknowledgementTimeout,"Connection acknowledgement timeout")},f)),B()}catch(E){C.emit("error",E),d.close(h.InternalClientError,j(E instanceof Error?E.message:String(E),"Internal client error"))}};let N=!1;d.onmessage=({data:E})=>{try{let b=ye(E,De);if(C.emit("message",b),b.type==="ping"||b.type==="pong"){C.emit(b.type,!0,b.payload),b.type==="pong"?B():c||(d.send($(b.payload?{type:w.Pong,payload:b.payload}:{type:w.Pong},_)),C.emit("pong",!1,b.payload));return}if(N)return;if(b.type!==w.ConnectionAck)throw new Error(`First message cannot be of type ${b.type}`);clearTimeout(T),N=!0,C.emit("connected",d,b.payload,O),O=!1,Q=0;let se=new Promise((Ke,Re)=>q(Re));se.catch(()=>{}),g([d,se])}catch(b){d.onmessage=null,C.emit("error",b),d.close(h.BadResponse,j(b instanceof Error?b.message:String(b),"Bad response"))}}})())));s.readyState===R.CLOSING&&await p;let i=()=>{},l=new Promise(g=>i=g);return[s,i,new Promise((g,y)=>{let d=q(y);s.readyState!==R.OPEN&&p.catch(y),l.then(()=>{if(d(),!I){let T=()=>s.close(1e3,"Normal Closure");isFinite(u)&&u>0?(clearTimeout(H),H=setTimeout(()=>{!I&&s.readyState===R.OPEN&&T()},u)):T()}g()})})]}function oe(s){if(X(s)&&(ve(s.code)||[h.InternalServerError,h.InternalClientError,h.BadRequest,h.BadResponse,h.Unauthorized,h.SubprotocolNotAcceptable,h.SubscriberAlreadyExists,h.TooManyInitialisationRequests].includes(s.code)))throw s;if(te)return!1;if(X(s)&&s.code===1e3)return I>0;if(!L||Q>=L||!Te(s))throw s;return O=!0}r||(async()=>{for(I++;;)try{let[,,s]=await re();await s}catch(s){try{if(!oe(s))return}catch(p){return o?.(p)}}})();function ie(s,p){let i=Ie(s),l=!1,g=!1,y=()=>{I--,l=!0};return(async()=>{for(I++;;)try{let[d,T,v]=await re();if(l)return v.catch(()=>{}),T();let B=C.onMessage(i,N=>{switch(N.type){case w.Next:{p.next(N.payload);return}case w.Error:{g=!0,l=!0,p.error(N.payload),y();return}case w.Complete:{l=!0,y();return}}});d.send($({id:i,type:w.Subscribe,payload:s},_)),y=()=>{!l&&d.readyState===R.OPEN&&d.send($({id:i,type:w.Complete},_)),I--,l=!0,T()},await v.finally(B);return}catch(d){if(!oe(d))return}})().then(()=>{g||p.complete()}).catch(d=>{p.error(d)}),()=>{l||y()}}return{on:C.on,subscribe:ie,iterate(s){let p=[],i={done:!1,error:null,resolve:()=>{}},l=ie(s,{next(y){p.push(y),i.resolve()},error(y){i.done=!0,i.error=y,i.resolve()},complete(){i.done=!0,i.resolve()}}),g=(async function*(){for(;;){for(p.length||await new Promise(d=>i.resolve=d);p.length;)yield p.shift();if(i.error)throw i.error;if(i.done)return}})();return g.throw=async y=>(i.done||(i.done=!0,i.error=y,i.resolve()),{done:!0,value:void 0}),g.return=async()=>(l(),{done:!0,value:void 0}),g},async dispose(){if(te=!0,k){let[s]=await k;s.close(1e3,"Normal Closure")}},terminate(){k&&C.emit("closed",new K)}}}var K=class extends Error{name="TerminatedCloseEvent";message="4499: Terminated";code=4499;reason="Terminated";wasClean=!1};function X(e){return D(e)&&"code"in e&&"reason"in e}function ve(e){return[1e3,1001,1006,1005,1012,1013,1014].includes(e)?!1:e>=1e3&&e<=1999}function Ne(e){return typeof e=="function"&&"constructor"in e&&"CLOSED"in e&&"CLOSING"in e&&"CONNECTING"in e&&"OPEN"in e}function $e(e){let n=new URL(e);return n.protocol=n.protocol==="https:"?"wss:":"ws:",n.toString()}function me(e){let n=Y({url:$e(e.endpoint),connectionParams:e.apiKey?{authorization:`Bearer ${e.apiKey}`}:{},...e.webSocketImpl?{webSocketImpl:e.webSocketImpl}:{},retryAttempts:e.retryAttempts??5,shouldRetry:()=>!0,on:{connecting:()=>e.onConnectionChange?.("connecting"),connected:()=>e.onConnectionChange?.("connected"),closed:()=>e.onConnectionChange?.("closed")}});return{client:n,dispose:()=>Promise.resolve(n.dispose())}}function Fe(e){if(e instanceof S)return e;if(Array.isArray(e))return S.fromGraphQLErrors(e);if(e&&typeof e=="object"&&"code"in e&&typeof e.code=="number"){let n="reason"in e&&typeof e.reason=="string"?e.reason:"";return e.code===4403?new S("UNAUTHENTICATED","The API refused the key for subscriptions"):new S("NETWORK",`Subscription connection closed (${e.code}${n?` ${n}`:""})`)}return e instanceof Error&&e.message.includes('"connection_error"')?new S("UNAUTHENTICATED","The API refused the key for subscriptions"):new S("NETWORK",e instanceof Error?e.message:"Subscription connection failed")}var J={done:!0,value:void 0};function fe(e,n,t){let r=e.iterate({query:n.toString(),variables:t??{}}),o=()=>{},u=new Promise(f=>{o=()=>f(J)}),m=async()=>(o(),await r.return?.(),J),c={async next(){for(;;){let f;try{f=await Promise.race([r.next(),u])}catch(L){throw Fe(L)}if(f.done)return J;if(f.value.errors&&f.value.errors.length>0)throw await m(),S.fromGraphQLErrors(f.value.errors);if(f.value.data)return{done:!1,value:f.value.data}}},return:m,[Symbol.asyncIterator](){return c}};return c}function Z(e){let n,t=()=>n??=me({endpoint:G(e.url),apiKey:e.apiKey,webSocketImpl:e.webSocketImpl,...e.retryAttempts!==void 0?{retryAttempts:e.retryAttempts}:{},...e.onConnectionChange?{onConnectionChange:e.onConnectionChange}:{}});return{request(r,...[o]){return z(e,r,o)},paginate(r,o,u){return ce(m=>z(e,r,Pe(o,m)).then(u))},subscribe(r,...[o]){return fe(t().client,r,o)},async close(){await n?.dispose(),n=void 0}}}function Pe(e,n){return{...e,...n===void 0?{}:{after:n}}}function V(e,n){return new Intl.DateTimeFormat("en-GB",{timeZone:n,hour:"2-digit",minute:"2-digit",hourCycle:"h23"}).format(new Date(e))}function be(e,n){return new Intl.DateTimeFormat("en-CA",{timeZone:n,year:"numeric",month:"2-digit",day:"2-digit"}).format(new Date(e))}function xe(e,n,t){return`${be(e.start,n)===be(t,n)?"":`${new Intl.DateTimeFormat("en-GB",{timeZone:n,weekday:"short"}).format(new Date(e.start))} `}${V(e.start,n)}\u2013${V(e.end,n)}`}var Ce=e=>e.subject??(e.sensitivity==="NORMAL"?"Busy":"Private meeting");function F(e,n,t){let r=document.createElement(e);return r.className=n,t!==void 0&&(r.textContent=t),r}function Ee(e,n,t){let{state:r}=e,o=F("section",`room ${r.current?"busy":"free"}`);return o.dataset.address=e.address,o.append(F("h2","name",e.name)),r.current&&r.busyUntil?(o.append(F("p","status",`Busy until ${V(r.busyUntil,n)}`)),o.append(F("p","now",`Now: ${Ce(r.current)} (${xe(r.current,n,t)})`))):o.append(F("p","status",r.freeUntil?`Free until ${V(r.freeUntil,n)}`:"Free")),o.append(F("p","next",r.next?`Next: ${Ce(r.next)} (${xe(r.next,n,t)})`:"Nothing else booked")),o}function ee(e,n){return V(e,n)}var Oe=e=>!e.isCancelled&&e.showAs!=="FREE";function Se(e,n){let t=e.filter(Oe).sort((c,f)=>c.start.localeCompare(f.start)),r=n.getTime(),o=t.find(c=>Date.parse(c.start)<=r&&Date.parse(c.end)>r)??null;if(!o){let c=t.find(f=>Date.parse(f.start)>r)??null;return{current:null,next:c,busyUntil:null,freeUntil:c?new Date(c.start):null}}let u=Date.parse(o.end);for(let c of t)Date.parse(c.start)<=u&&Date.parse(c.end)>u&&(u=Date.parse(c.end));let m=t.find(c=>Date.parse(c.start)>=Date.parse(o.end)&&c.id!==o.id)??null;return{current:o,next:m,busyUntil:new Date(u),freeUntil:null}}function Ae(e,n){let t=new URLSearchParams(e.replace(/^#/,"")),r=t.get("key")??"",o=(t.get("rooms")??"").split(",").map(m=>m.trim().toLowerCase()).filter(Boolean);if(!r)return"Add a read-only API key to the address: /board#key=csk_\u2026&rooms=room@example.com";if(o.length===0)return"Name the rooms in the address: /board#key=\u2026&rooms=a@example.com,b@example.com";let u=t.get("tz")??n;try{new Intl.DateTimeFormat("en",{timeZone:u})}catch{return`Unknown time zone ${u}`}return{apiKey:r,addresses:o,timeZone:u,title:t.get("title")??"Rooms"}}var he=36e5,P=e=>document.getElementById(e),ne=class{constructor(n){this.settings=n;this.rooms=n.addresses.map(t=>({id:null,address:t,name:t,events:new Map})),this.client=Z({url:location.origin,apiKey:n.apiKey,retryAttempts:Number.POSITIVE_INFINITY,onConnectionChange:t=>this.connectionChanged(t)})}settings;rooms;lastUpdated=null;offline=!1;client;async start(){await this.load(),this.follow(),setInterval(()=>this.render(),15e3)}async load(){for(let r of this.rooms){let{mailbox:o}=await this.client.request(ae,{address:r.address});r.id=o?.id??null,r.name=o?.displayName??r.address,r.events.clear()}let n=Date.now(),t=this.client.paginate(de,{addresses:this.settings.addresses,start:new Date(n-12*he).toISOString(),end:new Date(n+36*he).toISOString(),first:500},r=>r.events);for await(let r of t)this.roomOf(r.mailbox.id)?.events.set(r.id,r);this.lastUpdated=new Date,this.render()}async follow(){let n=this.rooms.flatMap(t=>t.id?[t.id]:[]);try{for await(let{eventChanged:t}of this.client.subscribe(le,{mailboxIds:n})){let r=this.roomOf(t.mailboxId);r&&(t.event?r.events.set(t.eventId,t.event):r.events.delete(t.eventId),this.lastUpdated=new Date,this.render())}}catch{this.connectionChanged("closed"),setTimeout(()=>{this.follow()},5e3)}}connectionChanged(n){n==="closed"&&!this.offline?(this.offline=!0,this.render()):n==="connected"&&this.offline&&this.load().then(()=>{this.offline=!1,this.render()},()=>{})}roomOf(n){return this.rooms.find(t=>t.id===n)}render(){let n=new Date,{timeZone:t}=this.settings;P("clock").textContent=ee(n,t);let r=P("offline");r.hidden=!this.offline,r.textContent=`Offline \u2014 last updated ${this.lastUpdated?ee(this.lastUpdated,t):"never"}`,document.body.classList.toggle("offline",this.offline),P("rooms").replaceChildren(...this.rooms.map(o=>Ee({address:o.address,name:o.name,state:Se([...o.events.values()],n)},t,n)))}},U=Ae(location.hash,Intl.DateTimeFormat().resolvedOptions().timeZone);typeof U=="string"?P("rooms").textContent=U:(document.title=U.title,P("title").textContent=U.title,new ne(U).start().catch(e=>{P("rooms").textContent=`Cannot load the rooms: ${e instanceof Error?e.message:String(e)}`}));
