/** The phone page: plain HTML and a little script, served inline so there is nothing to build. */
const STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.4 system-ui, sans-serif; background: #e9ecef; color: #1d2125; }
  main { max-width: 420px; margin: 16px auto; background: #fff; border-radius: 24px; box-shadow: 0 4px 24px #0002; overflow: hidden; display: flex; flex-direction: column; height: calc(100vh - 32px); min-height: 560px; }
  header { padding: 12px 16px; background: #1d2125; color: #fff; display: grid; grid-template-columns: auto 1fr; gap: 6px 8px; align-items: center; }
  header label { font-size: 12px; opacity: .8; }
  header input, header select { width: 100%; padding: 4px 6px; border-radius: 6px; border: 0; font: inherit; }
  #thread { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 6px; background: #f6f7f9; }
  .bubble { max-width: 80%; padding: 8px 12px; border-radius: 16px; white-space: pre-wrap; word-wrap: break-word; }
  .bubble small { display: block; font-size: 11px; opacity: .7; margin-top: 2px; text-align: right; }
  .mine { align-self: flex-end; background: #0b84ff; color: #fff; border-bottom-right-radius: 4px; }
  .theirs { align-self: flex-start; background: #e4e6eb; border-bottom-left-radius: 4px; }
  .failed { background: #d93025; color: #fff; }
  form { display: flex; gap: 8px; padding: 8px; border-top: 1px solid #ddd; }
  form textarea { flex: 1; resize: none; height: 40px; padding: 8px; border-radius: 12px; border: 1px solid #ccc; font: inherit; }
  button { font: inherit; border: 0; border-radius: 12px; padding: 8px 14px; background: #0b84ff; color: #fff; cursor: pointer; }
  button:disabled { opacity: .5; cursor: default; }
  #call { padding: 8px 12px 12px; border-top: 1px solid #ddd; }
  #call .row { display: flex; gap: 8px; align-items: center; justify-content: space-between; }
  #call-button { background: #1e8e3e; }
  #hangup-button { background: #d93025; }
  #keypad { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6px; margin-top: 8px; }
  #keypad button { background: #3c4043; }
  #now-playing { font-size: 13px; margin-top: 6px; min-height: 1.2em; }
  #call-log { font-size: 12px; max-height: 96px; overflow-y: auto; margin: 6px 0 0; padding-left: 18px; }
  #error { color: #d93025; font-size: 12px; min-height: 1em; padding: 0 12px; }
`;

const SCRIPT = `
(() => {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const customer = $('customer-number');
  const business = $('business-number');
  customer.value = params.get('customer') || localStorage.getItem('sim.customer') || '447700900123';
  business.value = params.get('business') || localStorage.getItem('sim.business') || '447700900000';
  const remember = () => { localStorage.setItem('sim.customer', customer.value); localStorage.setItem('sim.business', business.value); render([]); poll(); };
  customer.addEventListener('change', remember);
  business.addEventListener('change', remember);

  const showError = (text) => { $('error').textContent = text || ''; };
  const request = async (method, url, body) => {
    const response = await fetch(url, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) { throw new Error((data && (data.detail || data.title)) || ('HTTP ' + response.status)); }
    return data;
  };

  const TICKS = { sending: '…', retrying: '↻ retrying', acknowledged: '✓', refused: '✗ refused', failed: '✗ failed',
    accepted: 'accepted', submitted: '✓', delivered: '✓✓', rejected: '✗ rejected', undeliverable: '✗ undeliverable' };
  const FAILED = ['refused', 'failed', 'rejected', 'undeliverable'];
  let lastSignature = '';
  const render = (messages) => {
    const thread = $('thread');
    const signature = JSON.stringify(messages.map((m) => [m.messageUuid, m.status]));
    if (signature === lastSignature) { return; }
    lastSignature = signature;
    thread.replaceChildren(...messages.map((m) => {
      const bubble = document.createElement('div');
      const mine = m.direction === 'inbound';
      bubble.className = 'bubble ' + (mine ? 'mine' : 'theirs') + (FAILED.includes(m.status) ? ' failed' : '');
      bubble.dataset.testid = 'message';
      bubble.dataset.direction = mine ? 'sent' : 'received';
      bubble.dataset.status = m.status;
      bubble.dataset.messageUuid = m.messageUuid;
      const text = document.createElement('span');
      text.dataset.testid = 'message-text';
      text.textContent = m.text;
      const meta = document.createElement('small');
      meta.dataset.testid = 'message-status';
      meta.textContent = new Date(m.at).toLocaleTimeString() + ' ' + (TICKS[m.status] || m.status) + (m.errorCode ? ' (' + m.errorCode + ')' : '');
      bubble.append(text, meta);
      return bubble;
    }));
    thread.scrollTop = thread.scrollHeight;
  };

  const poll = async () => {
    try {
      const data = await request('GET', '/_sim/phones/' + encodeURIComponent(customer.value) + '/messages');
      render(data.messages.filter((m) => !business.value || m.business === business.value));
    } catch (error) { showError(error.message); }
  };

  $('compose').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('compose-text').value;
    if (!text.trim()) { return; }
    try {
      await request('POST', '/_sim/sms', { from: customer.value, to: business.value, text, signing: $('signing-mode').value });
      $('compose-text').value = '';
      showError('');
      await poll();
    } catch (error) { showError(error.message); }
  });
  $('compose-text').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); $('compose').requestSubmit(); }
  });

  let callUuid = null;
  let callTimer = null;
  const setCallButtons = (active) => {
    $('call-button').disabled = active;
    $('hangup-button').disabled = !active;
    for (const key of document.querySelectorAll('#keypad button')) { key.disabled = !active; }
  };
  const pollCall = async () => {
    if (!callUuid) { return; }
    try {
      const call = await request('GET', '/_sim/calls/' + callUuid);
      const doing = call.awaitingInput ? 'waiting for keys' : (call.currentAction || '');
      $('call-status').textContent = call.status + (doing ? ' · ' + doing : '') + (call.endReason ? ' · ' + call.endReason : '');
      $('call-status').dataset.status = call.status;
      const playing = call.playing;
      $('now-playing').textContent = playing ? (playing.text ? '🔊 ' + playing.text : '🎵 ' + (playing.streamUrl || playing.action)) : '';
      const lines = call.log.filter((e) => ['talk', 'stream', 'input', 'transfer', 'conversation', 'connect'].includes(e.action)).map((e) => {
        const d = e.detail;
        if (e.action === 'talk') { return '🔊 ' + d.text; }
        if (e.action === 'stream') { return '🎵 ' + d.streamUrl; }
        if (e.action === 'input') { return '⌨ ' + (d.digits || '(nothing)') + (d.timed_out ? ' (timed out)' : ''); }
        return e.action + ' ' + (d.name || d.state || '');
      });
      const list = $('call-log');
      list.replaceChildren(...lines.map((line) => { const item = document.createElement('li'); item.textContent = line; return item; }));
      list.scrollTop = list.scrollHeight;
      if (call.status === 'completed' || call.status === 'failed') { clearInterval(callTimer); callUuid = null; setCallButtons(false); }
    } catch (error) { showError(error.message); }
  };
  $('call-button').addEventListener('click', async () => {
    try {
      const call = await request('POST', '/_sim/calls', { from: customer.value, to: business.value, signing: $('signing-mode').value });
      callUuid = call.uuid;
      $('call-status').dataset.callUuid = call.uuid;
      setCallButtons(true);
      showError('');
      callTimer = setInterval(pollCall, 500);
      await pollCall();
    } catch (error) { showError(error.message); }
  });
  $('hangup-button').addEventListener('click', async () => {
    if (!callUuid) { return; }
    try { await request('POST', '/_sim/calls/' + callUuid + '/hangup'); await pollCall(); } catch (error) { showError(error.message); }
  });
  for (const key of document.querySelectorAll('#keypad button')) {
    key.addEventListener('click', async () => {
      if (!callUuid) { return; }
      try { await request('POST', '/_sim/calls/' + callUuid + '/dtmf', { digits: key.dataset.digit }); } catch (error) { showError(error.message); }
    });
  }

  setCallButtons(false);
  setInterval(poll, 1000);
  poll();
})();
`;

const KEYS: ReadonlyArray<readonly [string, string]> = [
  ['1', '1'], ['2', '2'], ['3', '3'], ['4', '4'], ['5', '5'], ['6', '6'],
  ['7', '7'], ['8', '8'], ['9', '9'], ['*', 'star'], ['0', '0'], ['#', 'hash'],
];

export function renderPhonePage(): string {
  const keypad = KEYS.map(([digit, id]) => `<button type="button" data-digit="${digit}" data-testid="dtmf-${id}">${digit}</button>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vonage simulator phone</title>
<style>${STYLE}</style>
</head>
<body>
<main data-testid="phone">
  <header>
    <label for="customer-number">Me</label><input id="customer-number" data-testid="customer-number" inputmode="numeric" autocomplete="off">
    <label for="business-number">To</label><input id="business-number" data-testid="business-number" inputmode="numeric" autocomplete="off">
    <label for="signing-mode">Signing</label>
    <select id="signing-mode" data-testid="signing-mode">
      <option value="valid">valid</option><option value="unsigned">unsigned</option><option value="bad-signature">bad signature</option>
      <option value="tampered-body">tampered body</option><option value="stale">stale</option>
    </select>
  </header>
  <div id="thread" data-testid="thread" aria-live="polite"></div>
  <div id="error" data-testid="error" role="alert"></div>
  <form id="compose" data-testid="compose">
    <textarea id="compose-text" data-testid="compose-text" placeholder="Text message" aria-label="Text message"></textarea>
    <button type="submit" data-testid="send-button">Send</button>
  </form>
  <section id="call" data-testid="call-panel">
    <div class="row">
      <button type="button" id="call-button" data-testid="call-button">Call</button>
      <span id="call-status" data-testid="call-status">idle</span>
      <button type="button" id="hangup-button" data-testid="hangup-button">Hang up</button>
    </div>
    <div id="now-playing" data-testid="now-playing"></div>
    <ol id="call-log" data-testid="call-log"></ol>
    <div id="keypad" data-testid="keypad">${keypad}</div>
  </section>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
