// The Worker's 'astronomia/data/vsop87Bearth' (wrangler.toml [alias]): the Earth's VSOP87 series (about 100 KiB of
// the bundle) serve only date-holidays-parser's equinox/solstice rules and the Chinese and Korean lunar calendars.
// The United States holiday data the deadline engine loads has none of those rules (a test checks it, and that the
// Worker's holidays equal the package's), so the series are never read; if a rule ever needs them, it fails loudly
// here instead of computing a wrong date.
function notCarried(): never {
  throw new Error('Equinox and lunar-calendar holidays are not in the US holiday data the Worker carries');
}

const vsop87Bearth = {
  name: 'earth',
  type: 'B',
  get L(): never {
    return notCarried();
  },
  get B(): never {
    return notCarried();
  },
  get R(): never {
    return notCarried();
  },
};

export default vsop87Bearth;
