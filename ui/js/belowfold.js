// The sections of an analysis below its first screen are most of a fresh
// window's first layout of a large analysis, yet nobody sees them until
// they scroll. They go into the page with the rest, so the whole analysis
// is there at once, but the browser lays each out only once it is on
// screen (`content-visibility: auto`, class `below-fold`; WebKit checks
// once a frame, with no margin) or, failing that, the view lays it out in
// one of the window's next idle periods, one section per period. Laid
// out, a section is like any other: its text is in `innerText`, find and
// assistive tools, its height real, the scrollbar true.
//
// Until then a section has a guessed height, so laying it out changes its
// height. WebKit keeps no scroll anchor, so the view keeps the reader's
// place itself: a section it lays out that starts above the visible part
// of the results column moves the scroll position by its change of
// height. Left to the browser, a section laid out as it comes on screen
// would move what the reader is reading by its change of height (up to
// 1,900 px, scrolling up into the agents), so the first scroll of the
// results column while sections wait lays out all of them at once.

import { whenIdle } from './idle.js';

const SKIPPED = 'below-fold';

// At most this long (ms) between two sections, idle or not: where WebKitGTK
// has no idle callbacks, the pace itself. Each section takes 2 to 20 ms
// here once the window is warm (the agents and the options the most).
const PACE_MS = 100;

/** Marks `section` (an element of the analysis view) to be laid out late; answers it. */
export function belowFold(section) {
  section.classList.add(SKIPPED);
  return section;
}

/** Lays out `section` now, if it still waits (before focusing something in it). */
export function layOutNow(section) {
  section.classList.remove(SKIPPED);
}

/**
 * Lays out `root`'s below-fold sections, one per idle period, in order,
 * then calls `done()`; as soon as the reader scrolls the results column,
 * every section left at once, before the frame that shows the scroll, so
 * that the browser never lays one out as it comes on screen. Stops,
 * without calling `done()`, as soon as `current()` answers false (the view
 * was cleared or drawn again).
 */
export function layOutWhenIdle(root, current, done) {
  const place = { carry: 0 };
  const scroller = root.closest('.results');
  const waiting = () => root.querySelector(`:scope > .${SKIPPED}`);
  const stopWatching = () => scroller?.removeEventListener('scroll', onScroll);
  function onScroll() {
    stopWatching();
    if (!current()) return;
    for (let section = waiting(); section; section = waiting()) layOut(section, place);
  }
  scroller?.addEventListener('scroll', onScroll, { passive: true });
  const next = () => {
    if (!current()) {
      stopWatching();
      return;
    }
    const section = waiting();
    if (section) layOut(section, place);
    if (waiting()) {
      whenIdle(next, PACE_MS);
      return;
    }
    stopWatching();
    done();
  };
  whenIdle(next, PACE_MS);
}

/**
 * Lays out one section now. One that starts above the visible part of the
 * results column moves the scroll position by its change of height, so
 * what follows it stays where the reader sees it; the scroll position is
 * whole pixels, so the fraction left over is carried in `place.carry` to
 * the next section.
 */
function layOut(section, place) {
  const scroller = section.closest('.results');
  const before = section.getBoundingClientRect();
  const above = scroller !== null && before.top < scroller.getBoundingClientRect().top;
  layOutNow(section);
  // Read even when not needed: the layout is done now, not in the next frame.
  const after = section.getBoundingClientRect().bottom;
  if (!above) return;
  // Both in the viewport's coordinates, so a browser that kept the place itself leaves nothing to do.
  const wanted = scroller.scrollTop + (after - before.bottom) + place.carry;
  scroller.scrollTop = wanted;
  // Only the fraction: a position held at the end of the column is not carried.
  const left = wanted - scroller.scrollTop;
  place.carry = Math.abs(left) < 1 ? left : 0;
}
