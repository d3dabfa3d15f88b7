/* global document -- jsdom test environment */
/**
 * Loads the COMPILED Taro weapp output (dist/weapp) into miniprogram-simulate.
 * Taro registers pages with `Page()`, which miniprogram-simulate does not provide, so `Page`
 * becomes a `Component` whose `attached` runs the page lifecycle (onLoad → onShow → onReady).
 * That approximates WeChat's page lifecycle only as far as a smoke test needs.
 */
const fs = require('node:fs');
const path = require('node:path');

const DIST = path.resolve(__dirname, '../../dist/weapp');

function assertBuilt() {
  if (!fs.existsSync(path.join(DIST, 'app.json'))) {
    throw new Error(
      `${DIST}/app.json is missing: build first with \`cd miniprogram && npx taro build --type weapp\``,
    );
  }
}

/** wx.cloud as the test scripts it: callFunction answers come from `replies` in order. */
function fakeCloud(replies) {
  const calls = [];
  return {
    calls,
    init: jest.fn(),
    callFunction: jest.fn(async (req) => {
      calls.push(req);
      const next = replies.shift();
      if (!next) throw new Error('callFunction: no scripted reply left');
      if (next instanceof Error) throw next;
      return { errMsg: 'cloud.callFunction:ok', result: next };
    }),
  };
}

/**
 * Boots app.js once per test file (jest gives each file a fresh module registry and globals);
 * `wx` holds stubs for wx APIs.
 * Returns `openPage(route, query)` which renders a page and resolves to the j-component.
 */
function bootApp({ cloud, wx = {} }) {
  assertBuilt();
  const simulate = require('miniprogram-simulate');
  global.wx = require('miniprogram-simulate/src/api');
  // Taro wraps only the wx APIs present when it starts, so stubs (and APIs miniprogram-simulate
  // lacks, such as getPrivacySetting) go in before app.js loads.
  Object.assign(global.wx, wx, { cloud });

  let app = null;
  const pages = [];
  global.App = (options) => {
    app = options;
  };
  global.getApp = () => app;
  global.getCurrentPages = () => pages;

  let nextRoute = null;
  global.Page = (options) => {
    const methods = {};
    for (const [key, value] of Object.entries(options)) if (typeof value === 'function') methods[key] = value;
    const route = nextRoute;
    global.Component({
      data: options.data ?? {},
      methods,
      lifetimes: {
        attached() {
          this.route = route.path;
          pages.push(this);
          this.onLoad?.(route.query);
          this.onShow?.();
          this.onReady?.();
        },
        detached() {
          this.onUnload?.();
          pages.splice(pages.indexOf(this), 1);
        },
      },
    });
  };

  require(path.join(DIST, 'app.js'));
  if (!app) throw new Error('dist/weapp/app.js did not call App()');
  app.onLaunch?.({ path: 'pages/index/index', query: {}, scene: 1001 });

  const openPage = (routePath, query = {}) => {
    nextRoute = { path: routePath, query };
    const id = simulate.load(path.join(DIST, routePath), { rootPath: DIST });
    const comp = simulate.render(id);
    comp.attach(document.createElement('parent-wrapper'));
    return comp;
  };
  return { app, openPage, simulate };
}

/** Polls until `predicate()` holds: Taro flushes React updates through setData asynchronously. */
async function waitFor(predicate, { timeout = 3000, what = 'condition' } = {}) {
  const start = Date.now();
  for (;;) {
    if (predicate()) return;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const textOf = (comp) => comp.dom.textContent.replace(/\s+/g, ' ');

module.exports = { DIST, assertBuilt, bootApp, fakeCloud, waitFor, textOf };
