var a=class extends String{__apiType;value;__meta__;constructor(n,r){super(n),this.value=n,this.__meta__=r}toString(){return this.value}},Le=new a(`
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
    `,{fragmentName:"ApiKeyFields"}),_e=new a(`
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
    `,{fragmentName:"ConnectorFields"}),Be=new a(`
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
    `,{fragmentName:"MailboxFields"}),We=new a(`
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
    `),de=new a(`
    query BoardRoomList($roomList: String!) {
  mailboxes(filter: {roomList: $roomList}, first: 100) {
    nodes {
      id
      address
      displayName
      kind
    }
  }
}
    `),He=new a(`
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
}`),je=new a(`
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
}`),Xe=new a(`
    mutation DeleteConnector($id: ID!) {
  deleteConnector(id: $id)
}
    `),Ye=new a(`
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
}`),le=new a(`
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
}`),ue=new a(`
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
}`),Ze=new a(`
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
}`),en=new a(`
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
}`),nn=new a(`
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
}`),tn=new a(`
    mutation RemoveMailboxes($connectorId: ID!, $addresses: [String!]!) {
  removeMailboxes(connectorId: $connectorId, addresses: $addresses)
}
    `),rn=new a(`
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
}`),on=new a(`
    mutation SyncConnector($id: ID!, $full: Boolean) {
  syncConnector(id: $id, full: $full) {
    enqueued
  }
}
    `),sn=new a(`
    mutation SyncMailbox($id: ID!, $full: Boolean) {
  syncMailbox(id: $id, full: $full) {
    enqueued
  }
}
    `),an=new a(`
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
}`),dn=new a(`
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
}`),ln=new a(`
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
}`),un=new a(`
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
}`),cn=new a(`
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
}`),pn=new a(`
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
}`),gn=new a(`
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
}`);var ce=["UNAUTHENTICATED","FORBIDDEN","NOT_FOUND","BAD_USER_INPUT","CONFLICT","RATE_LIMITED","QUERY_TOO_COMPLEX","UPSTREAM_UNAVAILABLE","CURSOR_EXPIRED","INTERNAL"],C=class e extends Error{name="CalsyncError";code;errors;status;constructor(n,r,t=[],o){super(r),this.code=n,this.errors=t,this.status=o}get retryAfterSeconds(){let n=this.errors[0]?.extensions?.retryAfterSeconds;return typeof n=="number"?n:void 0}static fromGraphQLErrors(n,r){let o=n[0]?.extensions?.code,c=Me(o)?o:"UNEXPECTED_RESPONSE",g=n.map(u=>u.message).join("; ")||"The API returned an error without a message";return new e(c,g,n,r)}};function Me(e){return typeof e=="string"&&ce.includes(e)}function W(e){return new URL("graphql",e.endsWith("/")?e:`${e}/`).toString()}async function z(e,n,r){let t=e.fetch??fetch,o;try{o=await t(W(e.url),{method:"POST",headers:{"content-type":"application/json",accept:"application/graphql-response+json, application/json",...e.apiKey?{authorization:`Bearer ${e.apiKey}`}:{},...e.headers},body:JSON.stringify({query:n.toString(),variables:r??{}})})}catch(g){let u=g instanceof Error?g.cause instanceof Error?g.cause.message:g.message:"";throw new C("NETWORK",`Cannot reach ${e.url}${u?`: ${u}`:""}`)}let c;try{c=await o.json()}catch{throw new C("UNEXPECTED_RESPONSE",`${e.url} answered HTTP ${o.status} without a GraphQL body`,[],o.status)}if(c.errors&&c.errors.length>0)throw C.fromGraphQLErrors(c.errors,o.status);if(c.data===void 0||c.data===null)throw new C("UNEXPECTED_RESPONSE","The API answered without data",[],o.status);return c.data}async function*pe(e){let n;for(;;){let r=await e(n);if(yield*r.nodes,!r.pageInfo.hasNextPage||r.pageInfo.endCursor===null)return;n=r.pageInfo.endCursor}}function S(e){return e===null?"null":Array.isArray(e)?"array":typeof e}function D(e){return S(e)==="object"}function ve(e){return Array.isArray(e)&&e.length>0&&e.every(n=>"message"in n)}function j(e,n){return e.length<124?e:n}var ge="graphql-transport-ws";var A=(e=>(e[e.InternalServerError=4500]="InternalServerError",e[e.InternalClientError=4005]="InternalClientError",e[e.BadRequest=4400]="BadRequest",e[e.BadResponse=4004]="BadResponse",e[e.Unauthorized=4401]="Unauthorized",e[e.Forbidden=4403]="Forbidden",e[e.SubprotocolNotAcceptable=4406]="SubprotocolNotAcceptable",e[e.ConnectionInitialisationTimeout=4408]="ConnectionInitialisationTimeout",e[e.ConnectionAcknowledgementTimeout=4504]="ConnectionAcknowledgementTimeout",e[e.SubscriberAlreadyExists=4409]="SubscriberAlreadyExists",e[e.TooManyInitialisationRequests=4429]="TooManyInitialisationRequests",e))(A||{}),w=(e=>(e.ConnectionInit="connection_init",e.ConnectionAck="connection_ack",e.Ping="ping",e.Pong="pong",e.Subscribe="subscribe",e.Next="next",e.Error="error",e.Complete="complete",e))(w||{});function ye(e){if(!D(e))throw new Error(`Message is expected to be an object, but got ${S(e)}`);if(!e.type)throw new Error("Message is missing the 'type' property");if(typeof e.type!="string")throw new Error(`Message is expects the 'type' property to be a string, but got ${S(e.type)}`);switch(e.type){case"connection_init":case"connection_ack":case"ping":case"pong":{if(e.payload!=null&&!D(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object or nullish or missing, but got "${e.payload}"`);break}case"subscribe":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${S(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!D(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${S(e.payload)}`);if(typeof e.payload.query!="string")throw new Error(`"${e.type}" message payload expects the 'query' property to be a string, but got ${S(e.payload.query)}`);if(e.payload.variables!=null&&!D(e.payload.variables))throw new Error(`"${e.type}" message payload expects the 'variables' property to be a an object or nullish or missing, but got ${S(e.payload.variables)}`);if(e.payload.operationName!=null&&S(e.payload.operationName)!=="string")throw new Error(`"${e.type}" message payload expects the 'operationName' property to be a string or nullish or missing, but got ${S(e.payload.operationName)}`);if(e.payload.extensions!=null&&!D(e.payload.extensions))throw new Error(`"${e.type}" message payload expects the 'extensions' property to be a an object or nullish or missing, but got ${S(e.payload.extensions)}`);break}case"next":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${S(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!D(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${S(e.payload)}`);break}case"error":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${S(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!ve(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an array of GraphQL errors, but got ${JSON.stringify(e.payload)}`);break}case"complete":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${S(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);break}default:throw new Error(`Invalid message 'type' property "${e.type}"`)}return e}function me(e,n){return ye(typeof e=="string"?JSON.parse(e,n):e)}function $(e,n){return ye(e),JSON.stringify(e,n)}function Y(e){let{url:n,connectionParams:r,lazy:t=!0,onNonLazyError:o=console.error,lazyCloseTimeout:c=0,keepAlive:g=0,disablePong:u,connectionAckWaitTimeout:f=0,retryAttempts:U=5,retryWait:Te=async function(p){let i=Math.pow(2,p);await new Promise(l=>setTimeout(l,i*1e3+Math.floor(Math.random()*2700+300)))},shouldRetry:Ie=X,on:x,webSocketImpl:G,generateID:De=function(){return"xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g,p=>{let i=Math.random()*16|0;return(p=="x"?i:i&3|8).toString(16)})},jsonMessageReplacer:_,jsonMessageReviver:Re}=e,M;if(G){if(!$e(G))throw new Error("Invalid WebSocket implementation provided");M=G}else typeof WebSocket<"u"?M=WebSocket:typeof global<"u"?M=global.WebSocket||global.MozWebSocket:typeof window<"u"&&(M=window.WebSocket||window.MozWebSocket);if(!M)throw new Error("WebSocket implementation missing; on Node you can `import WebSocket from 'ws';` and pass `webSocketImpl: WebSocket` to `createClient`");let R=M,h=(()=>{let s=(()=>{let i={};return{on(l,y){return i[l]=y,()=>{delete i[l]}},emit(l){"id"in l&&i[l.id]?.(l)}}})(),p={connecting:x?.connecting?[x.connecting]:[],opened:x?.opened?[x.opened]:[],connected:x?.connected?[x.connected]:[],ping:x?.ping?[x.ping]:[],pong:x?.pong?[x.pong]:[],message:x?.message?[s.emit,x.message]:[s.emit],closed:x?.closed?[x.closed]:[],error:x?.error?[x.error]:[]};return{onMessage:s.on,on(i,l){let y=p[i];return y.push(l),()=>{let m=y.indexOf(l);m>-1&&y.splice(m,1)}},emit(i,...l){for(let y of[...p[i]])y(...l)}}})();function H(s){let p=[h.on("error",i=>{p.forEach(l=>l()),s(i)}),h.on("closed",i=>{p.forEach(l=>l()),s(i)})];return()=>p.forEach(i=>i())}let k,I=0,q,P=!1,Q=0,te=!1;async function re(){clearTimeout(q);let[s,p]=await(k??(k=new Promise((y,m)=>(async()=>{if(P){if(await Te(Q),!I)return k=void 0,m({code:1e3,reason:"All Subscriptions Gone"});Q++}h.emit("connecting",P);let d=new R(typeof n=="function"?await n():n,ge),T,v;function B(){isFinite(g)&&g>0&&(clearTimeout(v),v=setTimeout(()=>{d.readyState===R.OPEN&&(d.send($({type:w.Ping})),h.emit("ping",!1,void 0))},g))}H(E=>{k=void 0,clearTimeout(T),clearTimeout(v),m(E),E instanceof K&&(d.close(4499,"Terminated"),d.onerror=null,d.onclose=null)}),d.onerror=E=>h.emit("error",E),d.onclose=E=>h.emit("closed",E),d.onopen=async()=>{try{h.emit("opened",d);let E=typeof r=="function"?await r():r;if(d.readyState!==R.OPEN)return;d.send($(E?{type:w.ConnectionInit,payload:E}:{type:w.ConnectionInit},_)),isFinite(f)&&f>0&&(T=setTimeout(()=>{d.close(A.ConnectionAcknowledgementTimeout,"Connection acknowledgement timeout")},f)),B()}catch(E){h.emit("error",E),d.close(A.InternalClientError,j(E instanceof Error?E.message:String(E),"Internal client error"))}};let N=!1;d.onmessage=({data:E})=>{try{let b=me(E,Re);if(h.emit("message",b),b.type==="ping"||b.type==="pong"){h.emit(b.type,!0,b.payload),b.type==="pong"?B():u||(d.send($(b.payload?{type:w.Pong,payload:b.payload}:{type:w.Pong},_)),h.emit("pong",!1,b.payload));return}if(N)return;if(b.type!==w.ConnectionAck)throw new Error(`First message cannot be of type ${b.type}`);clearTimeout(T),N=!0,h.emit("connected",d,b.payload,P),P=!1,Q=0;let se=new Promise((Ve,ke)=>H(ke));se.catch(()=>{}),y([d,se])}catch(b){d.onmessage=null,h.emit("error",b),d.close(A.BadResponse,j(b instanceof Error?b.message:String(b),"Bad response"))}}})())));s.readyState===R.CLOSING&&await p;let i=()=>{},l=new Promise(y=>i=y);return[s,i,new Promise((y,m)=>{let d=H(m);s.readyState!==R.OPEN&&p.catch(m),l.then(()=>{if(d(),!I){let T=()=>s.close(1e3,"Normal Closure");isFinite(c)&&c>0?(clearTimeout(q),q=setTimeout(()=>{!I&&s.readyState===R.OPEN&&T()},c)):T()}y()})})]}function oe(s){if(X(s)&&(Ne(s.code)||[A.InternalServerError,A.InternalClientError,A.BadRequest,A.BadResponse,A.Unauthorized,A.SubprotocolNotAcceptable,A.SubscriberAlreadyExists,A.TooManyInitialisationRequests].includes(s.code)))throw s;if(te)return!1;if(X(s)&&s.code===1e3)return I>0;if(!U||Q>=U||!Ie(s))throw s;return P=!0}t||(async()=>{for(I++;;)try{let[,,s]=await re();await s}catch(s){try{if(!oe(s))return}catch(p){return o?.(p)}}})();function ie(s,p){let i=De(s),l=!1,y=!1,m=()=>{I--,l=!0};return(async()=>{for(I++;;)try{let[d,T,v]=await re();if(l)return v.catch(()=>{}),T();let B=h.onMessage(i,N=>{switch(N.type){case w.Next:{p.next(N.payload);return}case w.Error:{y=!0,l=!0,p.error(N.payload),m();return}case w.Complete:{l=!0,m();return}}});d.send($({id:i,type:w.Subscribe,payload:s},_)),m=()=>{!l&&d.readyState===R.OPEN&&d.send($({id:i,type:w.Complete},_)),I--,l=!0,T()},await v.finally(B);return}catch(d){if(!oe(d))return}})().then(()=>{y||p.complete()}).catch(d=>{p.error(d)}),()=>{l||m()}}return{on:h.on,subscribe:ie,iterate(s){let p=[],i={done:!1,error:null,resolve:()=>{}},l=ie(s,{next(m){p.push(m),i.resolve()},error(m){i.done=!0,i.error=m,i.resolve()},complete(){i.done=!0,i.resolve()}}),y=(async function*(){for(;;){for(p.length||await new Promise(d=>i.resolve=d);p.length;)yield p.shift();if(i.error)throw i.error;if(i.done)return}})();return y.throw=async m=>(i.done||(i.done=!0,i.error=m,i.resolve()),{done:!0,value:void 0}),y.return=async()=>(l(),{done:!0,value:void 0}),y},async dispose(){if(te=!0,k){let[s]=await k;s.close(1e3,"Normal Closure")}},terminate(){k&&h.emit("closed",new K)}}}var K=class extends Error{name="TerminatedCloseEvent";message="4499: Terminated";code=4499;reason="Terminated";wasClean=!1};function X(e){return D(e)&&"code"in e&&"reason"in e}function Ne(e){return[1e3,1001,1006,1005,1012,1013,1014].includes(e)?!1:e>=1e3&&e<=1999}function $e(e){return typeof e=="function"&&"constructor"in e&&"CLOSED"in e&&"CLOSING"in e&&"CONNECTING"in e&&"OPEN"in e}function Fe(e){let n=new URL(e);return n.protocol=n.protocol==="https:"?"wss:":"ws:",n.toString()}function fe(e){let n=Y({url:Fe(e.endpoint),connectionParams:e.apiKey?{authorization:`Bearer ${e.apiKey}`}:{},...e.webSocketImpl?{webSocketImpl:e.webSocketImpl}:{},retryAttempts:e.retryAttempts??5,shouldRetry:()=>!0,on:{connecting:()=>e.onConnectionChange?.("connecting"),connected:()=>e.onConnectionChange?.("connected"),closed:()=>e.onConnectionChange?.("closed")}});return{client:n,dispose:()=>Promise.resolve(n.dispose())}}function Oe(e){if(e instanceof C)return e;if(Array.isArray(e))return C.fromGraphQLErrors(e);if(e&&typeof e=="object"&&"code"in e&&typeof e.code=="number"){let n="reason"in e&&typeof e.reason=="string"?e.reason:"";return e.code===4403?new C("UNAUTHENTICATED","The API refused the key for subscriptions"):new C("NETWORK",`Subscription connection closed (${e.code}${n?` ${n}`:""})`)}return e instanceof Error&&e.message.includes('"connection_error"')?new C("UNAUTHENTICATED","The API refused the key for subscriptions"):new C("NETWORK",e instanceof Error?e.message:"Subscription connection failed")}var Z={done:!0,value:void 0};function be(e,n,r){let t=e.iterate({query:n.toString(),variables:r??{}}),o=()=>{},c=new Promise(f=>{o=()=>f(Z)}),g=async()=>(o(),await t.return?.(),Z),u={async next(){for(;;){let f;try{f=await Promise.race([t.next(),c])}catch(U){throw Oe(U)}if(f.done)return Z;if(f.value.errors&&f.value.errors.length>0)throw await g(),C.fromGraphQLErrors(f.value.errors);if(f.value.data)return{done:!1,value:f.value.data}}},return:g,[Symbol.asyncIterator](){return u}};return u}function J(e){let n,r=()=>n??=fe({endpoint:W(e.url),apiKey:e.apiKey,webSocketImpl:e.webSocketImpl,...e.retryAttempts!==void 0?{retryAttempts:e.retryAttempts}:{},...e.onConnectionChange?{onConnectionChange:e.onConnectionChange}:{}});return{request(t,...[o]){return z(e,t,o)},paginate(t,o,c){return pe(g=>z(e,t,Pe(o,g)).then(c))},subscribe(t,...[o]){return be(r().client,t,o)},async close(){await n?.dispose(),n=void 0}}}function Pe(e,n){return{...e,...n===void 0?{}:{after:n}}}function V(e,n){return new Intl.DateTimeFormat("en-GB",{timeZone:n,hour:"2-digit",minute:"2-digit",hourCycle:"h23"}).format(new Date(e))}function xe(e,n){return new Intl.DateTimeFormat("en-CA",{timeZone:n,year:"numeric",month:"2-digit",day:"2-digit"}).format(new Date(e))}function he(e,n,r){return`${xe(e.start,n)===xe(r,n)?"":`${new Intl.DateTimeFormat("en-GB",{timeZone:n,weekday:"short"}).format(new Date(e.start))} `}${V(e.start,n)}\u2013${V(e.end,n)}`}var Ee=e=>e.subject??(e.sensitivity==="NORMAL"?"Busy":"Private meeting");function F(e,n,r){let t=document.createElement(e);return t.className=n,r!==void 0&&(t.textContent=r),t}function Ce(e,n,r){let{state:t}=e,o=F("section",`room ${t.current?"busy":"free"}`);return o.dataset.address=e.address,o.append(F("h2","name",e.name)),t.current&&t.busyUntil?(o.append(F("p","status",`Busy until ${V(t.busyUntil,n)}`)),o.append(F("p","now",`Now: ${Ee(t.current)} (${he(t.current,n,r)})`))):o.append(F("p","status",t.freeUntil?`Free until ${V(t.freeUntil,n)}`:"Free")),o.append(F("p","next",t.next?`Next: ${Ee(t.next)} (${he(t.next,n,r)})`:"Nothing else booked")),o}function ee(e,n){return V(e,n)}var Ke=e=>!e.isCancelled&&e.showAs!=="FREE";function Se(e,n){let r=e.filter(Ke).sort((u,f)=>u.start.localeCompare(f.start)),t=n.getTime(),o=r.find(u=>Date.parse(u.start)<=t&&Date.parse(u.end)>t)??null;if(!o){let u=r.find(f=>Date.parse(f.start)>t)??null;return{current:null,next:u,busyUntil:null,freeUntil:u?new Date(u.start):null}}let c=Date.parse(o.end);for(let u of r)Date.parse(u.start)<=c&&Date.parse(u.end)>c&&(c=Date.parse(u.end));let g=r.find(u=>Date.parse(u.start)>=Date.parse(o.end)&&u.id!==o.id)??null;return{current:o,next:g,busyUntil:new Date(c),freeUntil:null}}function Ae(e,n){let r=new URLSearchParams(e.replace(/^#/,"")),t=r.get("key")??"",o=(r.get("rooms")??"").split(",").map(u=>u.trim().toLowerCase()).filter(Boolean);if(!t)return"Add a read-only API key to the address: /board#key=csk_\u2026&rooms=room@example.com";let c=r.get("list")?.trim().toLowerCase()||null;if(o.length===0&&!c)return"Name the rooms in the address: /board#key=\u2026&rooms=a@example.com,b@example.com (or &list=<room list address>)";let g=r.get("tz")??n;try{new Intl.DateTimeFormat("en",{timeZone:g})}catch{return`Unknown time zone ${g}`}return{apiKey:t,addresses:o,roomList:c,timeZone:g,title:r.get("title")??"Rooms"}}var we=36e5,O=e=>document.getElementById(e),ne=class{constructor(n){this.settings=n;this.rooms=n.addresses.map(r=>({id:null,address:r,name:r,events:new Map})),this.client=J({url:location.origin,apiKey:n.apiKey,retryAttempts:Number.POSITIVE_INFINITY,onConnectionChange:r=>this.connectionChanged(r)})}settings;rooms;lastUpdated=null;offline=!1;client;async start(){await this.load(),this.follow(),setInterval(()=>this.render(),15e3)}async load(){if(this.settings.roomList){let{mailboxes:t}=await this.client.request(de,{roomList:this.settings.roomList});this.rooms=t.nodes.map(o=>({id:o.id,address:o.address,name:o.displayName??o.address,events:new Map}))}for(let t of this.rooms.filter(o=>this.settings.addresses.includes(o.address))){let{mailbox:o}=await this.client.request(ae,{address:t.address});t.id=o?.id??null,t.name=o?.displayName??t.address,t.events.clear()}let n=Date.now(),r=this.client.paginate(le,{addresses:this.rooms.map(t=>t.address),start:new Date(n-12*we).toISOString(),end:new Date(n+36*we).toISOString(),first:500},t=>t.events);for await(let t of r)this.roomOf(t.mailbox.id)?.events.set(t.id,t);this.lastUpdated=new Date,this.render()}async follow(){let n=this.rooms.flatMap(r=>r.id?[r.id]:[]);try{for await(let{eventChanged:r}of this.client.subscribe(ue,{mailboxIds:n})){let t=this.roomOf(r.mailboxId);t&&(r.event?t.events.set(r.eventId,r.event):t.events.delete(r.eventId),this.lastUpdated=new Date,this.render())}}catch{this.connectionChanged("closed"),setTimeout(()=>{this.follow()},5e3)}}connectionChanged(n){n==="closed"&&!this.offline?(this.offline=!0,this.render()):n==="connected"&&this.offline&&this.load().then(()=>{this.offline=!1,this.render()},()=>{})}roomOf(n){return this.rooms.find(r=>r.id===n)}render(){let n=new Date,{timeZone:r}=this.settings;O("clock").textContent=ee(n,r);let t=O("offline");t.hidden=!this.offline,t.textContent=`Offline \u2014 last updated ${this.lastUpdated?ee(this.lastUpdated,r):"never"}`,document.body.classList.toggle("offline",this.offline),O("rooms").replaceChildren(...this.rooms.map(o=>Ce({address:o.address,name:o.name,state:Se([...o.events.values()],n)},r,n)))}},L=Ae(location.hash,Intl.DateTimeFormat().resolvedOptions().timeZone);typeof L=="string"?O("rooms").textContent=L:(document.title=L.title,O("title").textContent=L.title,new ne(L).start().catch(e=>{O("rooms").textContent=`Cannot load the rooms: ${e instanceof Error?e.message:String(e)}`}));
