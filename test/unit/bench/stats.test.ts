import { describe, expect, test, vi } from "vitest";
import { interleaved, spreadLine, spreadOf } from "../../../bench/stats.ts";

describe("spreadOf", () => {
  test.each([
    [[5], { min: 5, median: 5, max: 5 }],
    [[3, 1, 2], { min: 1, median: 2, max: 3 }],
    [[4, 1, 3, 2], { min: 1, median: 2.5, max: 4 }],
  ])("%j → %j", (times, spread) => {
    expect(spreadOf(times)).toEqual(spread);
  });

  test("an empty series is an error, not a zero", () => {
    expect(() => spreadOf([])).toThrow(/no times/);
  });
});

test("interleaved runs the commands in turns, one series each", async () => {
  const order: string[] = [];
  const series = await interleaved(2, [async () => order.push("raw"), async () => order.push("ours")]);
  expect(order).toEqual(["raw", "ours", "raw", "ours"]);
  expect(series.map((times) => times.length)).toEqual([2, 2]);
});

test("settle runs after each command, outside its time", async () => {
  let clock = 0;
  const now = vi.spyOn(performance, "now").mockImplementation(() => clock);
  const order: string[] = [];
  const series = await interleaved(
    1,
    [async () => order.push("raw", String((clock += 1))), async () => order.push("ours", String((clock += 2)))],
    async () => {
      order.push("settle");
      clock += 1000;
      return Promise.resolve();
    },
  );
  now.mockRestore();
  expect(order.filter((step) => !/^\d/.test(step))).toEqual(["raw", "settle", "ours", "settle"]);
  expect(series).toEqual([[1], [2]]);
});

test("spreadLine prints min, median, max and the ratio of medians", () => {
  const line = spreadLine("ours", { min: 1100, median: 1150, max: 1400 }, { median: 1000, target: "target ≤ 1.15×" });
  expect(line).toBe("ours                                1100  1150  1400 ms  ratio 1.15× (target ≤ 1.15×)");
});
