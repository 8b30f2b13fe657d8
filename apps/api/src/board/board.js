var $=class extends String{__apiType;value;__meta__;constructor(n,t){super(n),this.value=n,this.__meta__=t}toString(){return this.value}};var ae=new $(`
    query BoardRoom($address: String!) {
  mailbox(address: $address) {
    id
    address
    displayName
    kind
    timeZone
  }
}
    `),de=new $(`
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
    `);var le=new $(`
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
}`),ue=new $(`
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
}`);var ce=["UNAUTHENTICATED","FORBIDDEN","NOT_FOUND","BAD_USER_INPUT","CONFLICT","RATE_LIMITED","QUERY_TOO_COMPLEX","UPSTREAM_UNAVAILABLE","CURSOR_EXPIRED","UNAVAILABLE","INTERNAL"],C=class e extends Error{name="CalsyncError";code;errors;status;constructor(n,t,i=[],r){super(t),this.code=n,this.errors=i,this.status=r}get retryAfterSeconds(){let n=this.errors[0]?.extensions?.retryAfterSeconds;return typeof n=="number"?n:void 0}static fromGraphQLErrors(n,t){let r=n[0]?.extensions?.code,s=Me(r)?r:"UNEXPECTED_RESPONSE",p=n.map(u=>u.message).join("; ")||"The API returned an error without a message";return new e(s,p,n,t)}};function Me(e){return typeof e=="string"&&ce.includes(e)}function W(e){return new URL("graphql",e.endsWith("/")?e:`${e}/`).toString()}async function z(e,n,t){let i=e.fetch??fetch,r;try{r=await i(W(e.url),{method:"POST",headers:{"content-type":"application/json",accept:"application/graphql-response+json, application/json",...e.apiKey?{authorization:`Bearer ${e.apiKey}`}:{},...e.headers},body:JSON.stringify({query:n.toString(),variables:t??{}})})}catch(p){let u=p instanceof Error?p.cause instanceof Error?p.cause.message:p.message:"";throw new C("NETWORK",`Cannot reach ${e.url}${u?`: ${u}`:""}`)}let s;try{s=await r.json()}catch{throw new C("UNEXPECTED_RESPONSE",`${e.url} answered HTTP ${r.status} without a GraphQL body`,[],r.status)}if(s.errors&&s.errors.length>0)throw C.fromGraphQLErrors(s.errors,r.status);if(s.data===void 0||s.data===null)throw new C("UNEXPECTED_RESPONSE","The API answered without data",[],r.status);return s.data}async function*pe(e){let n;for(;;){let t=await e(n);if(yield*t.nodes,!t.pageInfo.hasNextPage||t.pageInfo.endCursor===null)return;n=t.pageInfo.endCursor}}function S(e){return e===null?"null":Array.isArray(e)?"array":typeof e}function I(e){return S(e)==="object"}function Ne(e){return Array.isArray(e)&&e.length>0&&e.every(n=>"message"in n)}function j(e,n){return e.length<124?e:n}var ge="graphql-transport-ws";var E=(e=>(e[e.InternalServerError=4500]="InternalServerError",e[e.InternalClientError=4005]="InternalClientError",e[e.BadRequest=4400]="BadRequest",e[e.BadResponse=4004]="BadResponse",e[e.Unauthorized=4401]="Unauthorized",e[e.Forbidden=4403]="Forbidden",e[e.SubprotocolNotAcceptable=4406]="SubprotocolNotAcceptable",e[e.ConnectionInitialisationTimeout=4408]="ConnectionInitialisationTimeout",e[e.ConnectionAcknowledgementTimeout=4504]="ConnectionAcknowledgementTimeout",e[e.SubscriberAlreadyExists=4409]="SubscriberAlreadyExists",e[e.TooManyInitialisationRequests=4429]="TooManyInitialisationRequests",e))(E||{}),A=(e=>(e.ConnectionInit="connection_init",e.ConnectionAck="connection_ack",e.Ping="ping",e.Pong="pong",e.Subscribe="subscribe",e.Next="next",e.Error="error",e.Complete="complete",e))(A||{});function ye(e){if(!I(e))throw new Error(`Message is expected to be an object, but got ${S(e)}`);if(!e.type)throw new Error("Message is missing the 'type' property");if(typeof e.type!="string")throw new Error(`Message is expects the 'type' property to be a string, but got ${S(e.type)}`);switch(e.type){case"connection_init":case"connection_ack":case"ping":case"pong":{if(e.payload!=null&&!I(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object or nullish or missing, but got "${e.payload}"`);break}case"subscribe":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${S(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!I(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${S(e.payload)}`);if(typeof e.payload.query!="string")throw new Error(`"${e.type}" message payload expects the 'query' property to be a string, but got ${S(e.payload.query)}`);if(e.payload.variables!=null&&!I(e.payload.variables))throw new Error(`"${e.type}" message payload expects the 'variables' property to be a an object or nullish or missing, but got ${S(e.payload.variables)}`);if(e.payload.operationName!=null&&S(e.payload.operationName)!=="string")throw new Error(`"${e.type}" message payload expects the 'operationName' property to be a string or nullish or missing, but got ${S(e.payload.operationName)}`);if(e.payload.extensions!=null&&!I(e.payload.extensions))throw new Error(`"${e.type}" message payload expects the 'extensions' property to be a an object or nullish or missing, but got ${S(e.payload.extensions)}`);break}case"next":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${S(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!I(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${S(e.payload)}`);break}case"error":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${S(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!Ne(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an array of GraphQL errors, but got ${JSON.stringify(e.payload)}`);break}case"complete":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${S(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);break}default:throw new Error(`Invalid message 'type' property "${e.type}"`)}return e}function me(e,n){return ye(typeof e=="string"?JSON.parse(e,n):e)}function O(e,n){return ye(e),JSON.stringify(e,n)}function X(e){let{url:n,connectionParams:t,lazy:i=!0,onNonLazyError:r=console.error,lazyCloseTimeout:s=0,keepAlive:p=0,disablePong:u,connectionAckWaitTimeout:m=0,retryAttempts:L=5,retryWait:Ie=async function(c){let o=Math.pow(2,c);await new Promise(l=>setTimeout(l,o*1e3+Math.floor(Math.random()*2700+300)))},shouldRetry:De=Z,on:b,webSocketImpl:G,generateID:Re=function(){return"xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g,c=>{let o=Math.random()*16|0;return(c=="x"?o:o&3|8).toString(16)})},jsonMessageReplacer:B,jsonMessageReviver:ke}=e,v;if(G){if(!Oe(G))throw new Error("Invalid WebSocket implementation provided");v=G}else typeof WebSocket<"u"?v=WebSocket:typeof global<"u"?v=global.WebSocket||global.MozWebSocket:typeof window<"u"&&(v=window.WebSocket||window.MozWebSocket);if(!v)throw new Error("WebSocket implementation missing; on Node you can `import WebSocket from 'ws';` and pass `webSocketImpl: WebSocket` to `createClient`");let D=v,x=(()=>{let a=(()=>{let o={};return{on(l,g){return o[l]=g,()=>{delete o[l]}},emit(l){"id"in l&&o[l.id]?.(l)}}})(),c={connecting:b?.connecting?[b.connecting]:[],opened:b?.opened?[b.opened]:[],connected:b?.connected?[b.connected]:[],ping:b?.ping?[b.ping]:[],pong:b?.pong?[b.pong]:[],message:b?.message?[a.emit,b.message]:[a.emit],closed:b?.closed?[b.closed]:[],error:b?.error?[b.error]:[]};return{onMessage:a.on,on(o,l){let g=c[o];return g.push(l),()=>{let y=g.indexOf(l);y>-1&&g.splice(y,1)}},emit(o,...l){for(let g of[...c[o]])g(...l)}}})();function H(a){let c=[x.on("error",o=>{c.forEach(l=>l()),a(o)}),x.on("closed",o=>{c.forEach(l=>l()),a(o)})];return()=>c.forEach(o=>o())}let R,T=0,q,K=!1,_=0,te=!1;async function re(){clearTimeout(q);let[a,c]=await(R??(R=new Promise((g,y)=>(async()=>{if(K){if(await Ie(_),!T)return R=void 0,y({code:1e3,reason:"All Subscriptions Gone"});_++}x.emit("connecting",K);let d=new D(typeof n=="function"?await n():n,ge),w,M;function Q(){isFinite(p)&&p>0&&(clearTimeout(M),M=setTimeout(()=>{d.readyState===D.OPEN&&(d.send(O({type:A.Ping})),x.emit("ping",!1,void 0))},p))}H(h=>{R=void 0,clearTimeout(w),clearTimeout(M),y(h),h instanceof V&&(d.close(4499,"Terminated"),d.onerror=null,d.onclose=null)}),d.onerror=h=>x.emit("error",h),d.onclose=h=>x.emit("closed",h),d.onopen=async()=>{try{x.emit("opened",d);let h=typeof t=="function"?await t():t;if(d.readyState!==D.OPEN)return;d.send(O(h?{type:A.ConnectionInit,payload:h}:{type:A.ConnectionInit},B)),isFinite(m)&&m>0&&(w=setTimeout(()=>{d.close(E.ConnectionAcknowledgementTimeout,"Connection acknowledgement timeout")},m)),Q()}catch(h){x.emit("error",h),d.close(E.InternalClientError,j(h instanceof Error?h.message:String(h),"Internal client error"))}};let N=!1;d.onmessage=({data:h})=>{try{let f=me(h,ke);if(x.emit("message",f),f.type==="ping"||f.type==="pong"){x.emit(f.type,!0,f.payload),f.type==="pong"?Q():u||(d.send(O(f.payload?{type:A.Pong,payload:f.payload}:{type:A.Pong},B)),x.emit("pong",!1,f.payload));return}if(N)return;if(f.type!==A.ConnectionAck)throw new Error(`First message cannot be of type ${f.type}`);clearTimeout(w),N=!0,x.emit("connected",d,f.payload,K),K=!1,_=0;let se=new Promise((Ue,ve)=>H(ve));se.catch(()=>{}),g([d,se])}catch(f){d.onmessage=null,x.emit("error",f),d.close(E.BadResponse,j(f instanceof Error?f.message:String(f),"Bad response"))}}})())));a.readyState===D.CLOSING&&await c;let o=()=>{},l=new Promise(g=>o=g);return[a,o,new Promise((g,y)=>{let d=H(y);a.readyState!==D.OPEN&&c.catch(y),l.then(()=>{if(d(),!T){let w=()=>a.close(1e3,"Normal Closure");isFinite(s)&&s>0?(clearTimeout(q),q=setTimeout(()=>{!T&&a.readyState===D.OPEN&&w()},s)):w()}g()})})]}function ie(a){if(Z(a)&&($e(a.code)||[E.InternalServerError,E.InternalClientError,E.BadRequest,E.BadResponse,E.Unauthorized,E.SubprotocolNotAcceptable,E.SubscriberAlreadyExists,E.TooManyInitialisationRequests].includes(a.code)))throw a;if(te)return!1;if(Z(a)&&a.code===1e3)return T>0;if(!L||_>=L||!De(a))throw a;return K=!0}i||(async()=>{for(T++;;)try{let[,,a]=await re();await a}catch(a){try{if(!ie(a))return}catch(c){return r?.(c)}}})();function oe(a,c){let o=Re(a),l=!1,g=!1,y=()=>{T--,l=!0};return(async()=>{for(T++;;)try{let[d,w,M]=await re();if(l)return M.catch(()=>{}),w();let Q=x.onMessage(o,N=>{switch(N.type){case A.Next:{c.next(N.payload);return}case A.Error:{g=!0,l=!0,c.error(N.payload),y();return}case A.Complete:{l=!0,y();return}}});d.send(O({id:o,type:A.Subscribe,payload:a},B)),y=()=>{!l&&d.readyState===D.OPEN&&d.send(O({id:o,type:A.Complete},B)),T--,l=!0,w()},await M.finally(Q);return}catch(d){if(!ie(d))return}})().then(()=>{g||c.complete()}).catch(d=>{c.error(d)}),()=>{l||y()}}return{on:x.on,subscribe:oe,iterate(a){let c=[],o={done:!1,error:null,resolve:()=>{}},l=oe(a,{next(y){c.push(y),o.resolve()},error(y){o.done=!0,o.error=y,o.resolve()},complete(){o.done=!0,o.resolve()}}),g=(async function*(){for(;;){for(c.length||await new Promise(d=>o.resolve=d);c.length;)yield c.shift();if(o.error)throw o.error;if(o.done)return}})();return g.throw=async y=>(o.done||(o.done=!0,o.error=y,o.resolve()),{done:!0,value:void 0}),g.return=async()=>(l(),{done:!0,value:void 0}),g},async dispose(){if(te=!0,R){let[a]=await R;a.close(1e3,"Normal Closure")}},terminate(){R&&x.emit("closed",new V)}}}var V=class extends Error{name="TerminatedCloseEvent";message="4499: Terminated";code=4499;reason="Terminated";wasClean=!1};function Z(e){return I(e)&&"code"in e&&"reason"in e}function $e(e){return[1e3,1001,1006,1005,1012,1013,1014].includes(e)?!1:e>=1e3&&e<=1999}function Oe(e){return typeof e=="function"&&"constructor"in e&&"CLOSED"in e&&"CLOSING"in e&&"CONNECTING"in e&&"OPEN"in e}function Pe(e){let n=new URL(e);return n.protocol=n.protocol==="https:"?"wss:":"ws:",n.toString()}function fe(e){let n=X({url:Pe(e.endpoint),connectionParams:e.apiKey?{authorization:`Bearer ${e.apiKey}`}:{},...e.webSocketImpl?{webSocketImpl:e.webSocketImpl}:{},retryAttempts:e.retryAttempts??5,shouldRetry:()=>!0,on:{connecting:()=>e.onConnectionChange?.("connecting"),connected:()=>e.onConnectionChange?.("connected"),closed:()=>e.onConnectionChange?.("closed")}});return{client:n,dispose:()=>Promise.resolve(n.dispose())}}function Fe(e){if(e instanceof C)return e;if(Array.isArray(e))return C.fromGraphQLErrors(e);if(e&&typeof e=="object"&&"code"in e&&typeof e.code=="number"){let n="reason"in e&&typeof e.reason=="string"?e.reason:"";return e.code===4403?new C("UNAUTHENTICATED","The API refused the key for subscriptions"):new C("NETWORK",`Subscription connection closed (${e.code}${n?` ${n}`:""})`)}return e instanceof Error&&e.message.includes('"connection_error"')?new C("UNAUTHENTICATED","The API refused the key for subscriptions"):new C("NETWORK",e instanceof Error?e.message:"Subscription connection failed")}var Y={done:!0,value:void 0};function be(e,n,t){let i=e.iterate({query:n.toString(),variables:t??{}}),r=()=>{},s=new Promise(m=>{r=()=>m(Y)}),p=async()=>(r(),await i.return?.(),Y),u={async next(){for(;;){let m;try{m=await Promise.race([i.next(),s])}catch(L){throw Fe(L)}if(m.done)return Y;if(m.value.errors&&m.value.errors.length>0)throw await p(),C.fromGraphQLErrors(m.value.errors);if(m.value.data)return{done:!1,value:m.value.data}}},return:p,[Symbol.asyncIterator](){return u}};return u}function J(e){let n,t=()=>n??=fe({endpoint:W(e.url),apiKey:e.apiKey,webSocketImpl:e.webSocketImpl,...e.retryAttempts!==void 0?{retryAttempts:e.retryAttempts}:{},...e.onConnectionChange?{onConnectionChange:e.onConnectionChange}:{}});return{request(i,...[r]){return z(e,i,r)},paginate(i,r,s){return pe(p=>z(e,i,Ke(r,p)).then(s))},subscribe(i,...[r]){return be(t().client,i,r)},async close(){await n?.dispose(),n=void 0}}}function Ke(e,n){return{...e,...n===void 0?{}:{after:n}}}function P(e,n){return new Intl.DateTimeFormat("en-GB",{timeZone:n,hour:"2-digit",minute:"2-digit",hourCycle:"h23"}).format(new Date(e))}function xe(e,n){return new Intl.DateTimeFormat("en-CA",{timeZone:n,year:"numeric",month:"2-digit",day:"2-digit"}).format(new Date(e))}function he(e,n,t){return`${xe(e.start,n)===xe(t,n)?"":`${new Intl.DateTimeFormat("en-GB",{timeZone:n,weekday:"short"}).format(new Date(e.start))} `}${P(e.start,n)}\u2013${P(e.end,n)}`}var Ce=e=>e.subject??(e.sensitivity==="NORMAL"?"Busy":"Private meeting");function k(e,n,t){let i=document.createElement(e);return i.className=n,t!==void 0&&(i.textContent=t),i}function Se(e,n,t,i){let{state:r}=e,s=k("section",`room ${r.current?"busy":"free"}`);return s.dataset.address=e.address,s.dataset.timeZone=n,s.append(k("h2","name",e.name)),n!==i&&s.append(k("p","zone",`${P(t,n)} ${n}`)),r.current&&r.busyUntil?(s.append(k("p","status",`Busy until ${P(r.busyUntil,n)}`)),s.append(k("p","now",`Now: ${Ce(r.current)} (${he(r.current,n,t)})`))):s.append(k("p","status",r.freeUntil?`Free until ${P(r.freeUntil,n)}`:"Free")),s.append(k("p","next",r.next?`Next: ${Ce(r.next)} (${he(r.next,n,t)})`:"Nothing else booked")),s}function ee(e,n){return P(e,n)}var Ve=e=>!e.isCancelled&&e.showAs!=="FREE";function Ee(e,n){let t=e.filter(Ve).sort((u,m)=>u.start.localeCompare(m.start)),i=n.getTime(),r=t.find(u=>Date.parse(u.start)<=i&&Date.parse(u.end)>i)??null;if(!r){let u=t.find(m=>Date.parse(m.start)>i)??null;return{current:null,next:u,busyUntil:null,freeUntil:u?new Date(u.start):null}}let s=Date.parse(r.end);for(let u of t)Date.parse(u.start)<=s&&Date.parse(u.end)>s&&(s=Date.parse(u.end));let p=t.find(u=>Date.parse(u.start)>=Date.parse(r.end)&&u.id!==r.id)??null;return{current:r,next:p,busyUntil:new Date(s),freeUntil:null}}function Ae(e,n){return e.fixedZone??n??e.timeZone}function we(e,n){let t=new URLSearchParams(e.replace(/^#/,"")),i=t.get("key")??"",r=(t.get("rooms")??"").split(",").map(m=>m.trim().toLowerCase()).filter(Boolean);if(!i)return"Add a read-only API key to the address: /board#key=csk_\u2026&rooms=room@example.com";let s=t.get("list")?.trim().toLowerCase()||null;if(r.length===0&&!s)return"Name the rooms in the address: /board#key=\u2026&rooms=a@example.com,b@example.com (or &list=<room list address>)";let p=t.get("tz"),u=p??n;try{new Intl.DateTimeFormat("en",{timeZone:u})}catch{return`Unknown time zone ${u}`}return{apiKey:i,addresses:r,roomList:s,timeZone:u,fixedZone:p,title:t.get("title")??"Rooms"}}var Te=36e5,F=e=>document.getElementById(e),ne=class{constructor(n){this.settings=n;this.rooms=n.addresses.map(t=>({id:null,address:t,name:t,timeZone:null,events:new Map})),this.client=J({url:location.origin,apiKey:n.apiKey,retryAttempts:Number.POSITIVE_INFINITY,onConnectionChange:t=>this.connectionChanged(t)})}settings;rooms;lastUpdated=null;offline=!1;client;async start(){await this.load(),this.follow(),setInterval(()=>this.render(),15e3)}async load(){if(this.settings.roomList){let{mailboxes:i}=await this.client.request(de,{roomList:this.settings.roomList});this.rooms=i.nodes.map(r=>({id:r.id,address:r.address,name:r.displayName??r.address,timeZone:r.timeZone,events:new Map}))}for(let i of this.rooms.filter(r=>this.settings.addresses.includes(r.address))){let{mailbox:r}=await this.client.request(ae,{address:i.address});i.id=r?.id??null,i.name=r?.displayName??i.address,i.timeZone=r?.timeZone??null,i.events.clear()}let n=Date.now(),t=this.client.paginate(le,{addresses:this.rooms.map(i=>i.address),start:new Date(n-12*Te).toISOString(),end:new Date(n+36*Te).toISOString(),first:500},i=>i.events);for await(let i of t)this.roomOf(i.mailbox.id)?.events.set(i.id,i);this.lastUpdated=new Date,this.render()}async follow(){let n=this.rooms.flatMap(t=>t.id?[t.id]:[]);try{for await(let{eventChanged:t}of this.client.subscribe(ue,{mailboxIds:n})){let i=this.roomOf(t.mailboxId);i&&(t.event?i.events.set(t.eventId,t.event):i.events.delete(t.eventId),this.lastUpdated=new Date,this.render())}}catch{this.connectionChanged("closed"),setTimeout(()=>{this.follow()},5e3)}}connectionChanged(n){n==="closed"&&!this.offline?(this.offline=!0,this.render()):n==="connected"&&this.offline&&this.load().then(()=>{this.offline=!1,this.render()},()=>{})}roomOf(n){return this.rooms.find(t=>t.id===n)}render(){let n=new Date,{timeZone:t}=this.settings;F("clock").textContent=ee(n,t);let i=F("offline");i.hidden=!this.offline,i.textContent=`Offline \u2014 last updated ${this.lastUpdated?ee(this.lastUpdated,t):"never"}`,document.body.classList.toggle("offline",this.offline),F("rooms").replaceChildren(...this.rooms.map(r=>Se({address:r.address,name:r.name,state:Ee([...r.events.values()],n)},Ae(this.settings,r.timeZone),n,t)))}},U=we(location.hash,Intl.DateTimeFormat().resolvedOptions().timeZone);typeof U=="string"?F("rooms").textContent=U:(document.title=U.title,F("title").textContent=U.title,new ne(U).start().catch(e=>{F("rooms").textContent=`Cannot load the rooms: ${e instanceof Error?e.message:String(e)}`}));
