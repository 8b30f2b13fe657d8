// Placeholder until the test-infrastructure work lands: starts nothing.
export default function setup(): void {}
