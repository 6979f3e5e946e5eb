// Spin module: see README.md for its place in onespin.
