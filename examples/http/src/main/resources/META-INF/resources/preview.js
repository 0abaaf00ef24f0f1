'use strict';
// Live preview, two players.
// MSE (default): GET /streams/{id}/live.mp4 gives fragmented MP4, every key frame's fragment with the
// init segment in front; the bytes go into a SourceBuffer in 'sequence' mode (the stream may be joined
// at any key frame, and starts over at 0 when its encoder channel reopens). The codec string comes
// from the avcC box of the init segment.
// WebCodecs: GET /streams/{id} gives H.264 Annex-B, starting at an IDR with its parameter sets.
// We split it into access units (a new one starts at an AUD, SPS, PPS, SEI or a slice with
// first_mb_in_slice = 0 after a slice) and feed WebCodecs VideoDecoder, which takes Annex-B when the
// configuration carries no description.

const preview = {
  framesDecoded: 0,
  chunksFed: 0,
  codec: null,
  error: null,
  state: 'idle'
};
window.vencPreview = preview;

const statusEl = document.getElementById('status');
const canvas = document.getElementById('screen');
const ctx = canvas.getContext('2d');
let abort = null;

function setStatus(state, detail) {
  preview.state = state;
  statusEl.dataset.state = state;
  statusEl.dataset.frames = String(preview.framesDecoded);
  statusEl.textContent = state + ': ' + preview.framesDecoded + ' frames decoded' + (detail ? ' (' + detail + ')' : '');
}

function streamId() {
  return document.getElementById('stream').value.trim() || 'preview';
}

function player() {
  return document.getElementById('player').value;
}

// Finds the NAL units of buf (Annex-B). Returns [units, rest]: rest is the tail after the last start
// code, which may be incomplete and is kept for the next read.
function splitNals(buf) {
  const starts = [];
  for (let i = 0; i + 2 < buf.length; i++) {
    if (buf[i] === 0 && buf[i + 1] === 0 && buf[i + 2] === 1) {
      const s = (i > 0 && buf[i - 1] === 0) ? i - 1 : i;
      starts.push({ at: s, payload: i + 3 });
      i += 2;
    }
  }
  const units = [];
  for (let k = 0; k + 1 < starts.length; k++) {
    units.push(buf.subarray(starts[k].at, starts[k + 1].at));
  }
  const rest = starts.length ? buf.subarray(starts[starts.length - 1].at) : buf;
  return [units, rest];
}

function nalType(nal) {
  const off = nal[2] === 1 ? 3 : 4;
  return { type: nal[off] & 0x1f, firstMbZero: (nal[off + 1] & 0x80) !== 0, off: off };
}

function codecFromSps(sps, off) {
  const hex = (b) => b.toString(16).padStart(2, '0');
  return 'avc1.' + hex(sps[off + 1]) + hex(sps[off + 2]) + hex(sps[off + 3]);
}

function concat(parts) {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

// The RFC 6381 codec string of the first avcC box in buf (an init segment), or null.
function codecFromInit(buf) {
  for (let i = 4; i + 8 < buf.length; i++) {
    if (buf[i] === 0x61 && buf[i + 1] === 0x76 && buf[i + 2] === 0x63 && buf[i + 3] === 0x43) {
      const hex = (b) => b.toString(16).padStart(2, '0');
      return 'avc1.' + hex(buf[i + 5]) + hex(buf[i + 6]) + hex(buf[i + 7]);
    }
  }
  return null;
}

async function watchMse() {
  const video = document.getElementById('video');
  video.hidden = false;
  canvas.hidden = true;
  preview.error = null;
  if (typeof MediaSource === 'undefined') {
    setStatus('unsupported', 'this browser has no Media Source Extensions');
    return;
  }
  setStatus('connecting');
  const source = new MediaSource();
  video.src = URL.createObjectURL(source);
  await new Promise((resolve) => source.addEventListener('sourceopen', resolve, { once: true }));
  let buffer = null;
  const queue = [];
  const pump = () => {
    if (buffer && !buffer.updating && queue.length) buffer.appendBuffer(queue.shift());
  };
  video.addEventListener('error', () => {
    preview.error = video.error ? 'video error ' + video.error.code + ': ' + video.error.message : 'video error';
    setStatus('error', preview.error);
  });
  video.addEventListener('timeupdate', () => {
    preview.framesDecoded = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality().totalVideoFrames : 0;
    // stay near the live edge
    if (video.buffered.length && video.buffered.end(video.buffered.length - 1) - video.currentTime > 3) {
      video.currentTime = video.buffered.end(video.buffered.length - 1) - 0.5;
    }
    setStatus('playing', preview.codec + ', ' + video.currentTime.toFixed(1) + ' s');
  });
  try {
    const response = await fetch('/streams/' + encodeURIComponent(streamId()) + '/live.mp4', { signal: abort.signal });
    if (!response.ok) throw new Error('GET /streams/.../live.mp4: HTTP ' + response.status);
    setStatus('waiting', 'for the first key frame');
    const reader = response.body.getReader();
    let head = new Uint8Array(0);
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      let data = value;
      if (!buffer) {
        // the codec string is in the init segment's avcC box: gather bytes until it is complete
        head = concat([head, value]);
        preview.codec = codecFromInit(head);
        if (!preview.codec) {
          if (head.length > 65536) throw new Error('no avcC box at the start of the stream (H.264 only)');
          continue;
        }
        const type = 'video/mp4; codecs="' + preview.codec + '"';
        if (!MediaSource.isTypeSupported(type)) throw new Error('this browser cannot play ' + type + ' through MSE');
        buffer = source.addSourceBuffer(type);
        buffer.mode = 'sequence';
        buffer.addEventListener('updateend', pump);
        data = head;
      }
      queue.push(data);
      pump();
      if (video.paused && video.readyState >= 2) video.play().catch(() => {});
    }
    setStatus('ended');
  } catch (e) {
    if (e.name !== 'AbortError') { preview.error = String(e); setStatus('error', preview.error); }
  }
}

async function watch() {
  if (abort) abort.abort();
  abort = new AbortController();
  document.getElementById('hls').href = '/streams/' + encodeURIComponent(streamId()) + '/index.m3u8';
  document.getElementById('hls').textContent = '/streams/' + encodeURIComponent(streamId()) + '/index.m3u8';
  if (player() === 'mse') return watchMse();
  document.getElementById('video').hidden = true;
  canvas.hidden = false;
  if (typeof VideoDecoder === 'undefined') {
    setStatus('unsupported', 'this browser has no WebCodecs VideoDecoder');
    return;
  }
  preview.framesDecoded = 0;
  setStatus('connecting');
  let decoder = null;
  let au = [];
  let auHasSlice = false;
  let auKey = false;
  let ts = 0;
  const flushAu = () => {
    if (!auHasSlice) return;
    const data = concat(au);
    if (decoder && decoder.state === 'configured') {
      decoder.decode(new EncodedVideoChunk({ type: auKey ? 'key' : 'delta', timestamp: ts, data: data }));
      ts += 66666;
      preview.chunksFed++;
    }
    au = [];
    auHasSlice = false;
    auKey = false;
  };
  const onNal = (nal) => {
    const t = nalType(nal);
    const startsAu = t.type === 9 || t.type === 7 || t.type === 8 || t.type === 6
      || ((t.type === 1 || t.type === 5) && t.firstMbZero);
    if (startsAu && auHasSlice) flushAu();
    if (t.type === 7 && !decoder) {
      preview.codec = codecFromSps(nal, t.off);
      decoder = new VideoDecoder({
        output: (frame) => {
          if (canvas.width !== frame.displayWidth || canvas.height !== frame.displayHeight) {
            canvas.width = frame.displayWidth;
            canvas.height = frame.displayHeight;
          }
          ctx.drawImage(frame, 0, 0);
          frame.close();
          preview.framesDecoded++;
          setStatus('playing', preview.codec);
        },
        error: (e) => { preview.error = String(e); setStatus('error', preview.error); }
      });
      decoder.configure({ codec: preview.codec, optimizeForLatency: true });
    }
    au.push(nal);
    if (t.type === 1 || t.type === 5) auHasSlice = true;
    if (t.type === 5) auKey = true;
  };
  try {
    const response = await fetch('/streams/' + encodeURIComponent(streamId()), { signal: abort.signal });
    if (!response.ok) throw new Error('GET /streams: HTTP ' + response.status);
    setStatus('waiting', 'for the first IDR');
    const reader = response.body.getReader();
    let pending = new Uint8Array(0);
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const [units, rest] = splitNals(concat([pending, value]));
      pending = rest.slice();
      for (const nal of units) onNal(nal);
    }
    setStatus('ended');
  } catch (e) {
    if (e.name !== 'AbortError') { preview.error = String(e); setStatus('error', preview.error); }
  }
}

async function toggleCamera() {
  const button = document.getElementById('camera');
  const on = button.dataset.on !== 'true';
  const r = await fetch('/streams/' + encodeURIComponent(streamId()) + '/synthetic?on=' + on, { method: 'POST' });
  const body = await r.json();
  button.dataset.on = String(body.synthetic);
  button.textContent = body.synthetic ? 'Synthetic camera off' : 'Synthetic camera on';
  if (body.synthetic) watch();
}

document.getElementById('camera').addEventListener('click', toggleCamera);
document.getElementById('watch').addEventListener('click', watch);
