var a=class extends String{__apiType;value;__meta__;constructor(t,n){super(t),this.value=t,this.__meta__=n}toString(){return this.value}},Ve=new a(`
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
    `,{fragmentName:"DiagnosticsFields"}),Qe=new a(`
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
    `,{fragmentName:"ConnectorFields"}),_e=new a(`
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
}`),ze=new a(`
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
}`),He=new a(`
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
}`),et=new a(`
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
}`),tt=new a(`
    mutation RemoveMailboxes($connectorId: ID!, $addresses: [String!]!) {
  removeMailboxes(connectorId: $connectorId, addresses: $addresses)
}
    `),nt=new a(`
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
}`),rt=new a(`
    mutation SyncConnector($id: ID!, $full: Boolean) {
  syncConnector(id: $id, full: $full) {
    enqueued
  }
}
    `),ot=new a(`
    mutation SyncMailbox($id: ID!, $full: Boolean) {
  syncMailbox(id: $id, full: $full) {
    enqueued
  }
}
    `),it=new a(`
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
}`),st=new a(`
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
}`),at=new a(`
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
}`),dt=new a(`
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
}`),lt=new a(`
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
}`),ct=new a(`
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
}`),ut=new a(`
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
}`);var ce=["UNAUTHENTICATED","FORBIDDEN","NOT_FOUND","BAD_USER_INPUT","CONFLICT","RATE_LIMITED","QUERY_TOO_COMPLEX","UPSTREAM_UNAVAILABLE","INTERNAL"],E=class e extends Error{name="CalsyncError";code;errors;status;constructor(t,n,r=[],o){super(n),this.code=t,this.errors=r,this.status=o}get retryAfterSeconds(){let t=this.errors[0]?.extensions?.retryAfterSeconds;return typeof t=="number"?t:void 0}static fromGraphQLErrors(t,n){let o=t[0]?.extensions?.code,c=ke(o)?o:"UNEXPECTED_RESPONSE",m=t.map(u=>u.message).join("; ")||"The API returned an error without a message";return new e(c,m,t,n)}};function ke(e){return typeof e=="string"&&ce.includes(e)}function G(e){return new URL("graphql",e.endsWith("/")?e:`${e}/`).toString()}async function H(e,t,n){let r=e.fetch??fetch,o;try{o=await r(G(e.url),{method:"POST",headers:{"content-type":"application/json",accept:"application/graphql-response+json, application/json",...e.apiKey?{authorization:`Bearer ${e.apiKey}`}:{},...e.headers},body:JSON.stringify({query:t.toString(),variables:n??{}})})}catch(m){let u=m instanceof Error?m.cause instanceof Error?m.cause.message:m.message:"";throw new E("NETWORK",`Cannot reach ${e.url}${u?`: ${u}`:""}`)}let c;try{c=await o.json()}catch{throw new E("UNEXPECTED_RESPONSE",`${e.url} answered HTTP ${o.status} without a GraphQL body`,[],o.status)}if(c.errors&&c.errors.length>0)throw E.fromGraphQLErrors(c.errors,o.status);if(c.data===void 0||c.data===null)throw new E("UNEXPECTED_RESPONSE","The API answered without data",[],o.status);return c.data}async function*ue(e){let t;for(;;){let n=await e(t);if(yield*n.nodes,!n.pageInfo.hasNextPage||n.pageInfo.endCursor===null)return;t=n.pageInfo.endCursor}}function A(e){return e===null?"null":Array.isArray(e)?"array":typeof e}function D(e){return A(e)==="object"}function Me(e){return Array.isArray(e)&&e.length>0&&e.every(t=>"message"in t)}function j(e,t){return e.length<124?e:t}var pe="graphql-transport-ws";var h=(e=>(e[e.InternalServerError=4500]="InternalServerError",e[e.InternalClientError=4005]="InternalClientError",e[e.BadRequest=4400]="BadRequest",e[e.BadResponse=4004]="BadResponse",e[e.Unauthorized=4401]="Unauthorized",e[e.Forbidden=4403]="Forbidden",e[e.SubprotocolNotAcceptable=4406]="SubprotocolNotAcceptable",e[e.ConnectionInitialisationTimeout=4408]="ConnectionInitialisationTimeout",e[e.ConnectionAcknowledgementTimeout=4504]="ConnectionAcknowledgementTimeout",e[e.SubscriberAlreadyExists=4409]="SubscriberAlreadyExists",e[e.TooManyInitialisationRequests=4429]="TooManyInitialisationRequests",e))(h||{}),T=(e=>(e.ConnectionInit="connection_init",e.ConnectionAck="connection_ack",e.Ping="ping",e.Pong="pong",e.Subscribe="subscribe",e.Next="next",e.Error="error",e.Complete="complete",e))(T||{});function ge(e){if(!D(e))throw new Error(`Message is expected to be an object, but got ${A(e)}`);if(!e.type)throw new Error("Message is missing the 'type' property");if(typeof e.type!="string")throw new Error(`Message is expects the 'type' property to be a string, but got ${A(e.type)}`);switch(e.type){case"connection_init":case"connection_ack":case"ping":case"pong":{if(e.payload!=null&&!D(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object or nullish or missing, but got "${e.payload}"`);break}case"subscribe":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${A(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!D(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${A(e.payload)}`);if(typeof e.payload.query!="string")throw new Error(`"${e.type}" message payload expects the 'query' property to be a string, but got ${A(e.payload.query)}`);if(e.payload.variables!=null&&!D(e.payload.variables))throw new Error(`"${e.type}" message payload expects the 'variables' property to be a an object or nullish or missing, but got ${A(e.payload.variables)}`);if(e.payload.operationName!=null&&A(e.payload.operationName)!=="string")throw new Error(`"${e.type}" message payload expects the 'operationName' property to be a string or nullish or missing, but got ${A(e.payload.operationName)}`);if(e.payload.extensions!=null&&!D(e.payload.extensions))throw new Error(`"${e.type}" message payload expects the 'extensions' property to be a an object or nullish or missing, but got ${A(e.payload.extensions)}`);break}case"next":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${A(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!D(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${A(e.payload)}`);break}case"error":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${A(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!Me(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an array of GraphQL errors, but got ${JSON.stringify(e.payload)}`);break}case"complete":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${A(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);break}default:throw new Error(`Invalid message 'type' property "${e.type}"`)}return e}function ye(e,t){return ge(typeof e=="string"?JSON.parse(e,t):e)}function $(e,t){return ge(e),JSON.stringify(e,t)}function Y(e){let{url:t,connectionParams:n,lazy:r=!0,onNonLazyError:o=console.error,lazyCloseTimeout:c=0,keepAlive:m=0,disablePong:u,connectionAckWaitTimeout:f=0,retryAttempts:L=5,retryWait:Te=async function(p){let i=Math.pow(2,p);await new Promise(l=>setTimeout(l,i*1e3+Math.floor(Math.random()*2700+300)))},shouldRetry:we=X,on:x,webSocketImpl:W,generateID:Ie=function(){return"xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g,p=>{let i=Math.random()*16|0;return(p=="x"?i:i&3|8).toString(16)})},jsonMessageReplacer:Q,jsonMessageReviver:De}=e,M;if(W){if(!Ne(W))throw new Error("Invalid WebSocket implementation provided");M=W}else typeof WebSocket<"u"?M=WebSocket:typeof global<"u"?M=global.WebSocket||global.MozWebSocket:typeof window<"u"&&(M=window.WebSocket||window.MozWebSocket);if(!M)throw new Error("WebSocket implementation missing; on Node you can `import WebSocket from 'ws';` and pass `webSocketImpl: WebSocket` to `createClient`");let R=M,C=(()=>{let s=(()=>{let i={};return{on(l,g){return i[l]=g,()=>{delete i[l]}},emit(l){"id"in l&&i[l.id]?.(l)}}})(),p={connecting:x?.connecting?[x.connecting]:[],opened:x?.opened?[x.opened]:[],connected:x?.connected?[x.connected]:[],ping:x?.ping?[x.ping]:[],pong:x?.pong?[x.pong]:[],message:x?.message?[s.emit,x.message]:[s.emit],closed:x?.closed?[x.closed]:[],error:x?.error?[x.error]:[]};return{onMessage:s.on,on(i,l){let g=p[i];return g.push(l),()=>{let y=g.indexOf(l);y>-1&&g.splice(y,1)}},emit(i,...l){for(let g of[...p[i]])g(...l)}}})();function q(s){let p=[C.on("error",i=>{p.forEach(l=>l()),s(i)}),C.on("closed",i=>{p.forEach(l=>l()),s(i)})];return()=>p.forEach(i=>i())}let k,I=0,z,P=!1,_=0,ne=!1;async function re(){clearTimeout(z);let[s,p]=await(k??(k=new Promise((g,y)=>(async()=>{if(P){if(await Te(_),!I)return k=void 0,y({code:1e3,reason:"All Subscriptions Gone"});_++}C.emit("connecting",P);let d=new R(typeof t=="function"?await t():t,pe),w,v;function B(){isFinite(m)&&m>0&&(clearTimeout(v),v=setTimeout(()=>{d.readyState===R.OPEN&&(d.send($({type:T.Ping})),C.emit("ping",!1,void 0))},m))}q(S=>{k=void 0,clearTimeout(w),clearTimeout(v),y(S),S instanceof K&&(d.close(4499,"Terminated"),d.onerror=null,d.onclose=null)}),d.onerror=S=>C.emit("error",S),d.onclose=S=>C.emit("closed",S),d.onopen=async()=>{try{C.emit("opened",d);let S=typeof n=="function"?await n():n;if(d.readyState!==R.OPEN)return;d.send($(S?{type:T.ConnectionInit,payload:S}:{type:T.ConnectionInit},Q)),isFinite(f)&&f>0&&(w=setTimeout(()=>{d.close(h.ConnectionAcknowledgementTimeout,"Connection acknowledgement timeout")},f)),B()}catch(S){C.emit("error",S),d.close(h.InternalClientError,j(S instanceof Error?S.message:String(S),"Internal client error"))}};let N=!1;d.onmessage=({data:S})=>{try{let b=ye(S,De);if(C.emit("message",b),b.type==="ping"||b.type==="pong"){C.emit(b.type,!0,b.payload),b.type==="pong"?B():u||(d.send($(b.payload?{type:T.Pong,payload:b.payload}:{type:T.Pong},Q)),C.emit("pong",!1,b.payload));return}if(N)return;if(b.type!==T.ConnectionAck)throw new Error(`First message cannot be of type ${b.type}`);clearTimeout(w),N=!0,C.emit("connected",d,b.payload,P),P=!1,_=0;let se=new Promise((Ke,Re)=>q(Re));se.catch(()=>{}),g([d,se])}catch(b){d.onmessage=null,C.emit("error",b),d.close(h.BadResponse,j(b instanceof Error?b.message:String(b),"Bad response"))}}})())));s.readyState===R.CLOSING&&await p;let i=()=>{},l=new Promise(g=>i=g);return[s,i,new Promise((g,y)=>{let d=q(y);s.readyState!==R.OPEN&&p.catch(y),l.then(()=>{if(d(),!I){let w=()=>s.close(1e3,"Normal Closure");isFinite(c)&&c>0?(clearTimeout(z),z=setTimeout(()=>{!I&&s.readyState===R.OPEN&&w()},c)):w()}g()})})]}function oe(s){if(X(s)&&(ve(s.code)||[h.InternalServerError,h.InternalClientError,h.BadRequest,h.BadResponse,h.Unauthorized,h.SubprotocolNotAcceptable,h.SubscriberAlreadyExists,h.TooManyInitialisationRequests].includes(s.code)))throw s;if(ne)return!1;if(X(s)&&s.code===1e3)return I>0;if(!L||_>=L||!we(s))throw s;return P=!0}r||(async()=>{for(I++;;)try{let[,,s]=await re();await s}catch(s){try{if(!oe(s))return}catch(p){return o?.(p)}}})();function ie(s,p){let i=Ie(s),l=!1,g=!1,y=()=>{I--,l=!0};return(async()=>{for(I++;;)try{let[d,w,v]=await re();if(l)return v.catch(()=>{}),w();let B=C.onMessage(i,N=>{switch(N.type){case T.Next:{p.next(N.payload);return}case T.Error:{g=!0,l=!0,p.error(N.payload),y();return}case T.Complete:{l=!0,y();return}}});d.send($({id:i,type:T.Subscribe,payload:s},Q)),y=()=>{!l&&d.readyState===R.OPEN&&d.send($({id:i,type:T.Complete},Q)),I--,l=!0,w()},await v.finally(B);return}catch(d){if(!oe(d))return}})().then(()=>{g||p.complete()}).catch(d=>{p.error(d)}),()=>{l||y()}}return{on:C.on,subscribe:ie,iterate(s){let p=[],i={done:!1,error:null,resolve:()=>{}},l=ie(s,{next(y){p.push(y),i.resolve()},error(y){i.done=!0,i.error=y,i.resolve()},complete(){i.done=!0,i.resolve()}}),g=(async function*(){for(;;){for(p.length||await new Promise(d=>i.resolve=d);p.length;)yield p.shift();if(i.error)throw i.error;if(i.done)return}})();return g.throw=async y=>(i.done||(i.done=!0,i.error=y,i.resolve()),{done:!0,value:void 0}),g.return=async()=>(l(),{done:!0,value:void 0}),g},async dispose(){if(ne=!0,k){let[s]=await k;s.close(1e3,"Normal Closure")}},terminate(){k&&C.emit("closed",new K)}}}var K=class extends Error{name="TerminatedCloseEvent";message="4499: Terminated";code=4499;reason="Terminated";wasClean=!1};function X(e){return D(e)&&"code"in e&&"reason"in e}function ve(e){return[1e3,1001,1006,1005,1012,1013,1014].includes(e)?!1:e>=1e3&&e<=1999}function Ne(e){return typeof e=="function"&&"constructor"in e&&"CLOSED"in e&&"CLOSING"in e&&"CONNECTING"in e&&"OPEN"in e}function $e(e){let t=new URL(e);return t.protocol=t.protocol==="https:"?"wss:":"ws:",t.toString()}function me(e){let t=Y({url:$e(e.endpoint),connectionParams:e.apiKey?{authorization:`Bearer ${e.apiKey}`}:{},...e.webSocketImpl?{webSocketImpl:e.webSocketImpl}:{},retryAttempts:e.retryAttempts??5,shouldRetry:()=>!0,on:{connecting:()=>e.onConnectionChange?.("connecting"),connected:()=>e.onConnectionChange?.("connected"),closed:()=>e.onConnectionChange?.("closed")}});return{client:t,dispose:()=>Promise.resolve(t.dispose())}}function Fe(e){if(e instanceof E)return e;if(Array.isArray(e))return E.fromGraphQLErrors(e);if(e&&typeof e=="object"&&"code"in e&&typeof e.code=="number"){let t="reason"in e&&typeof e.reason=="string"?e.reason:"";return e.code===4403?new E("UNAUTHENTICATED","The API refused the key for subscriptions"):new E("NETWORK",`Subscription connection closed (${e.code}${t?` ${t}`:""})`)}return e instanceof Error&&e.message.includes('"connection_error"')?new E("UNAUTHENTICATED","The API refused the key for subscriptions"):new E("NETWORK",e instanceof Error?e.message:"Subscription connection failed")}var J={done:!0,value:void 0};function fe(e,t,n){let r=e.iterate({query:t.toString(),variables:n??{}}),o=()=>{},c=new Promise(f=>{o=()=>f(J)}),m=async()=>(o(),await r.return?.(),J),u={async next(){for(;;){let f;try{f=await Promise.race([r.next(),c])}catch(L){throw Fe(L)}if(f.done)return J;if(f.value.errors&&f.value.errors.length>0)throw await m(),E.fromGraphQLErrors(f.value.errors);if(f.value.data)return{done:!1,value:f.value.data}}},return:m,[Symbol.asyncIterator](){return u}};return u}function Z(e){let t,n=()=>t??=me({endpoint:G(e.url),apiKey:e.apiKey,webSocketImpl:e.webSocketImpl,...e.retryAttempts!==void 0?{retryAttempts:e.retryAttempts}:{},...e.onConnectionChange?{onConnectionChange:e.onConnectionChange}:{}});return{request(r,...[o]){return H(e,r,o)},paginate(r,o,c){return ue(m=>H(e,r,Oe(o,m)).then(c))},subscribe(r,...[o]){return fe(n().client,r,o)},async close(){await t?.dispose(),t=void 0}}}function Oe(e,t){return{...e,...t===void 0?{}:{after:t}}}function V(e,t){return new Intl.DateTimeFormat("en-GB",{timeZone:t,hour:"2-digit",minute:"2-digit",hourCycle:"h23"}).format(new Date(e))}function be(e,t){return new Intl.DateTimeFormat("en-CA",{timeZone:t,year:"numeric",month:"2-digit",day:"2-digit"}).format(new Date(e))}function xe(e,t,n){return`${be(e.start,t)===be(n,t)?"":`${new Intl.DateTimeFormat("en-GB",{timeZone:t,weekday:"short"}).format(new Date(e.start))} `}${V(e.start,t)}\u2013${V(e.end,t)}`}var Ce=e=>e.subject??(e.sensitivity==="NORMAL"?"Busy":"Private meeting");function F(e,t,n){let r=document.createElement(e);return r.className=t,n!==void 0&&(r.textContent=n),r}function Se(e,t,n){let{state:r}=e,o=F("section",`room ${r.current?"busy":"free"}`);return o.dataset.address=e.address,o.append(F("h2","name",e.name)),r.current&&r.busyUntil?(o.append(F("p","status",`Busy until ${V(r.busyUntil,t)}`)),o.append(F("p","now",`Now: ${Ce(r.current)} (${xe(r.current,t,n)})`))):o.append(F("p","status",r.freeUntil?`Free until ${V(r.freeUntil,t)}`:"Free")),o.append(F("p","next",r.next?`Next: ${Ce(r.next)} (${xe(r.next,t,n)})`:"Nothing else booked")),o}function ee(e,t){return V(e,t)}var Pe=e=>!e.isCancelled&&e.showAs!=="FREE";function Ee(e,t){let n=e.filter(Pe).sort((u,f)=>u.start.localeCompare(f.start)),r=t.getTime(),o=n.find(u=>Date.parse(u.start)<=r&&Date.parse(u.end)>r)??null;if(!o){let u=n.find(f=>Date.parse(f.start)>r)??null;return{current:null,next:u,busyUntil:null,freeUntil:u?new Date(u.start):null}}let c=Date.parse(o.end);for(let u of n)Date.parse(u.start)<=c&&Date.parse(u.end)>c&&(c=Date.parse(u.end));let m=n.find(u=>Date.parse(u.start)>=Date.parse(o.end)&&u.id!==o.id)??null;return{current:o,next:m,busyUntil:new Date(c),freeUntil:null}}function Ae(e,t){let n=new URLSearchParams(e.replace(/^#/,"")),r=n.get("key")??"",o=(n.get("rooms")??"").split(",").map(m=>m.trim().toLowerCase()).filter(Boolean);if(!r)return"Add a read-only API key to the address: /board#key=csk_\u2026&rooms=room@example.com";if(o.length===0)return"Name the rooms in the address: /board#key=\u2026&rooms=a@example.com,b@example.com";let c=n.get("tz")??t;try{new Intl.DateTimeFormat("en",{timeZone:c})}catch{return`Unknown time zone ${c}`}return{apiKey:r,addresses:o,timeZone:c,title:n.get("title")??"Rooms"}}var he=36e5,O=e=>document.getElementById(e),te=class{constructor(t){this.settings=t;this.rooms=t.addresses.map(n=>({id:null,address:n,name:n,events:new Map})),this.client=Z({url:location.origin,apiKey:t.apiKey,retryAttempts:Number.POSITIVE_INFINITY,onConnectionChange:n=>this.connectionChanged(n)})}settings;rooms;lastUpdated=null;offline=!1;client;async start(){await this.load(),this.follow(),setInterval(()=>this.render(),15e3)}async load(){for(let r of this.rooms){let{mailbox:o}=await this.client.request(ae,{address:r.address});r.id=o?.id??null,r.name=o?.displayName??r.address,r.events.clear()}let t=Date.now(),n=this.client.paginate(de,{addresses:this.settings.addresses,start:new Date(t-12*he).toISOString(),end:new Date(t+36*he).toISOString(),first:500},r=>r.events);for await(let r of n)this.roomOf(r.mailbox.id)?.events.set(r.id,r);this.lastUpdated=new Date,this.render()}async follow(){let t=this.rooms.flatMap(n=>n.id?[n.id]:[]);try{for await(let{eventChanged:n}of this.client.subscribe(le,{mailboxIds:t})){let r=this.roomOf(n.mailboxId);r&&(n.event?r.events.set(n.eventId,n.event):r.events.delete(n.eventId),this.lastUpdated=new Date,this.render())}}catch{this.connectionChanged("closed"),setTimeout(()=>{this.follow()},5e3)}}connectionChanged(t){t==="closed"&&!this.offline?(this.offline=!0,this.render()):t==="connected"&&this.offline&&this.load().then(()=>{this.offline=!1,this.render()},()=>{})}roomOf(t){return this.rooms.find(n=>n.id===t)}render(){let t=new Date,{timeZone:n}=this.settings;O("clock").textContent=ee(t,n);let r=O("offline");r.hidden=!this.offline,r.textContent=`Offline \u2014 last updated ${this.lastUpdated?ee(this.lastUpdated,n):"never"}`,document.body.classList.toggle("offline",this.offline),O("rooms").replaceChildren(...this.rooms.map(o=>Se({address:o.address,name:o.name,state:Ee([...o.events.values()],t)},n,t)))}},U=Ae(location.hash,Intl.DateTimeFormat().resolvedOptions().timeZone);typeof U=="string"?O("rooms").textContent=U:(document.title=U.title,O("title").textContent=U.title,new te(U).start().catch(e=>{O("rooms").textContent=`Cannot load the rooms: ${e instanceof Error?e.message:String(e)}`}));
