// The system Chromium the browser tests drive through playwright-core (it bundles no browser);
// .ci/run apt-installs `chromium` when it is missing. CALSYNC_CHROMIUM points elsewhere.
export const chromiumExecutable = process.env.CALSYNC_CHROMIUM ?? '/usr/bin/chromium';
