// Emulator player page: plays a video with the browser's own <video> element (no downloads
// from the internet), reports playback events to the emulator, and answers the api.video
// player SDK's postMessage protocol (contract 7.2) for the commands a page usually sends.
(function () {
  'use strict';

  const config = JSON.parse(document.getElementById('player-config').textContent);
  const video = document.getElementById('video');
  const player = document.getElementById('player');
  const notice = document.getElementById('notice');
  const params = new URLSearchParams(window.location.search);
  const flags = parseHash(window.location.hash);

  // ---- options (query string and hash, contract 7.1) ------------------------------------

  function parseHash(hash) {
    const out = {};
    for (const item of hash.replace(/^#/, '').split(';')) {
      if (!item) continue;
      const t = /^t=(.*)$/.exec(item);
      if (t) { out.t = t[1]; continue; }
      const colon = item.indexOf(':');
      if (colon < 0) out[item] = true;
      else out[item.slice(0, colon)] = item.slice(colon + 1);
    }
    return out;
  }

  const isOn = (name) => params.get(name) === 'true' || params.get(name) === '1';
  if (isOn('muted')) video.muted = true;
  if (isOn('loop') || flags.loop) video.loop = true;
  if (isOn('hideControls') || isOn('chromeless') || flags['hide-controls'] || flags.chromeless) video.controls = false;
  if (isOn('hideTitle') || flags['hide-title']) player.classList.add('hide-title');
  if (!(isOn('hidePoster') || flags['hide-poster'])) video.poster = config.thumbnail;
  else player.classList.add('hide-poster');
  const autoplay = isOn('autoplay');
  let clipStart = 0;
  let clipEnd = null;
  if (flags.t) {
    const [start, end] = String(flags.t).split(',').map(Number);
    if (Number.isFinite(start)) clipStart = start;
    if (Number.isFinite(end)) clipEnd = end;
  }

  const theme = config.theme || {};
  const themeVars = { text: '--text', backgroundTop: '--background-top', backgroundText: '--background-text' };
  for (const [key, cssVar] of Object.entries(themeVars)) {
    if (typeof theme[key] === 'string') document.documentElement.style.setProperty(cssVar, theme[key]);
  }
  if (theme.hideTitle === true) player.classList.add('hide-title');
  if (theme.forceLoop === true) video.loop = true;
  if (theme.enableControls === false) video.controls = false;

  // ---- choosing a source: the MP4 plays everywhere; native HLS where the browser has it ----

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function reachable(url, method) {
    try {
      const response = await fetch(url, { method, cache: 'no-store' });
      return response.status === 200 || response.status === 206;
    } catch (error) {
      return false;
    }
  }

  async function pickSource() {
    const nativeHls = video.canPlayType('application/vnd.apple.mpegurl') !== '';
    for (let attempt = 0; ; attempt += 1) {
      if (await reachable(config.mp4, 'HEAD')) return config.mp4;
      if (nativeHls && await reachable(config.hls, 'GET')) return config.hls;
      notice.hidden = false;
      await sleep(Math.min(5000, 1000 + attempt * 250));
    }
  }

  // ---- playback events -> the emulator (analytics sessions) --------------------------------

  let sessionId = null;
  let queue = Promise.resolve();

  function report(type, from, to) {
    const at = Math.floor(video.currentTime || 0);
    const event = {
      sessionId: null,
      videoId: config.videoId,
      type,
      at,
      from: Math.floor(from === undefined ? at : from),
      to: Math.floor(to === undefined ? at : to),
      referrer: document.referrer || '',
    };
    // Sequential, so that every event after the first carries the session it opened.
    queue = queue.then(async () => {
      event.sessionId = sessionId;
      try {
        const response = await fetch(config.events, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(event),
        });
        if (response.ok) {
          const body = await response.json();
          if (body && typeof body.sessionId === 'string') sessionId = body.sessionId;
        }
      } catch (error) {
        // Analytics are best effort.
      }
    });
  }

  let started = false;
  let pausedByUser = false;
  let lastTime = 0;
  let seekFrom = null;
  let readySent = false;

  function ready() {
    if (readySent) return;
    readySent = true;
    report('ready');
    emit('ready');
  }

  video.addEventListener('loadedmetadata', () => {
    if (clipStart > 0) video.currentTime = clipStart;
    ready();
  });
  video.addEventListener('play', () => {
    player.classList.add('playing');
    ready(); // autoplay can start before the metadata event: "ready" always comes first
    if (!started) {
      started = true;
      report('play');
      emit('firstplay');
    } else if (pausedByUser) {
      report('resume');
    }
    pausedByUser = false;
    emit('play');
  });
  video.addEventListener('pause', () => {
    player.classList.remove('playing');
    if (!video.ended) {
      pausedByUser = true;
      report('pause');
    }
    emit('pause');
  });
  video.addEventListener('timeupdate', () => {
    if (!video.seeking) lastTime = video.currentTime;
    if (clipEnd !== null && video.currentTime >= clipEnd) video.pause();
    emit('timeupdate', { currentTime: video.currentTime });
  });
  video.addEventListener('seeking', () => {
    if (seekFrom === null) seekFrom = lastTime;
    emit('seeking');
  });
  video.addEventListener('seeked', () => {
    const from = seekFrom === null ? lastTime : seekFrom;
    const to = video.currentTime;
    seekFrom = null;
    lastTime = to;
    if (started && Math.floor(from) !== Math.floor(to)) {
      report(to < from ? 'seek.backward' : 'seek.forward', from, to);
    }
  });
  video.addEventListener('ended', () => {
    player.classList.remove('playing');
    report('end');
    emit('ended');
  });
  video.addEventListener('volumechange', () => emit('volumechange', { volume: video.volume }));
  video.addEventListener('ratechange', () => emit('ratechange'));
  video.addEventListener('error', () => emit('error'));

  // ---- player SDK protocol (postMessage) ------------------------------------------------

  const sdkPlayerId = flags.sdkPlayerId !== undefined ? parseInt(flags.sdkPlayerId, 10) : null;
  let sdkOrigin = null;
  if (typeof flags.sdkOrigin === 'string') {
    try { sdkOrigin = atob(flags.sdkOrigin); } catch (error) { sdkOrigin = null; }
  }
  const sdkEnabled = (flags.api || sdkPlayerId !== null) && theme.enableApi !== false;

  function post(message) {
    if (!sdkEnabled || window.parent === window) return;
    window.parent.postMessage({ sdkPlayerId, ...message }, sdkOrigin || '*');
  }

  function emit(type, payload) {
    post({ type, ...(payload || {}) });
  }

  const commands = {
    play: () => video.play().catch(() => {}),
    pause: () => video.pause(),
    mute: () => { video.muted = true; },
    unmute: () => { video.muted = false; },
    destroy: () => { video.pause(); video.removeAttribute('src'); video.load(); },
    seek: (m) => { video.currentTime = Math.max(0, video.currentTime + Number(m.seek || 0)); },
    setCurrentTime: (m) => { video.currentTime = Number(m.currentTime || 0); },
    setVolume: (m) => { video.volume = Math.min(1, Math.max(0, Number(m.volume))); },
    setAutoplay: (m) => { video.autoplay = Boolean(m.autoplay); },
    setLoop: (m) => { video.loop = Boolean(m.loop); },
    setChromeless: (m) => { video.controls = !m.chromeless; },
    setPlaybackRate: (m) => { video.playbackRate = Number(m.rate) || 1; },
    hideControls: () => { video.controls = false; },
    showControls: () => { video.controls = true; },
    hideTitle: () => player.classList.add('hide-title'),
    showTitle: () => player.classList.remove('hide-title'),
    hidePoster: () => video.removeAttribute('poster'),
    showPoster: () => { video.poster = config.thumbnail; },
    requestFullscreen: () => player.requestFullscreen && player.requestFullscreen().catch(() => {}),
    exitFullscreen: () => document.fullscreenElement && document.exitFullscreen().catch(() => {}),
    loadConfig: (m) => { if (typeof m.url === 'string') window.location.href = m.url; },
    getPaused: () => video.paused,
    getMuted: () => video.muted,
    getPlaying: () => !video.paused && !video.ended,
    getLoop: () => video.loop,
    getDuration: () => video.duration,
    getCurrentTime: () => video.currentTime,
    getPlaybackRate: () => video.playbackRate,
    getVolume: () => video.volume,
    getVideoSize: () => ({ width: video.videoWidth, height: video.videoHeight }),
    isLiveStream: () => false,
    getMp4Url: () => new URL(config.mp4, window.location.href).toString(),
  };

  window.addEventListener('message', (event) => {
    const data = event.data;
    if (!sdkEnabled || !data || typeof data.message !== 'string') return;
    if (sdkOrigin && event.origin !== sdkOrigin) return;
    const handler = commands[data.message];
    let arg;
    try {
      arg = handler ? handler(data) : undefined;
    } catch (error) {
      arg = undefined;
    }
    Promise.resolve(arg).then((value) => {
      post({ callbackId: data.callbackId, arg: value === undefined || value instanceof Promise ? undefined : value });
    });
  });

  // ---- start ----------------------------------------------------------------------------

  post({ type: 'sdkSync' });
  pickSource().then((src) => {
    notice.hidden = true;
    video.src = src;
    if (autoplay || theme.forceAutoplay === true) {
      video.play().catch(() => {
        video.muted = true;
        video.play().catch(() => {});
      });
    }
  });
})();
