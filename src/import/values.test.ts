import { describe, expect, it } from "vitest";
import { berthDuration, berthName, envName, fargateSize, goDurationSeconds, mebibytes, shellWords } from "./values.js";

describe("importer values", () => {
  it("reads Go-style durations", () => {
    expect(goDurationSeconds("1m30s")).toBe(90);
    expect(goDurationSeconds("500ms")).toBe(0.5);
    expect(goDurationSeconds("2h")).toBe(7200);
    expect(goDurationSeconds(12)).toBe(12);
    expect(goDurationSeconds("soon")).toBeUndefined();
  });
  it("writes berth durations in the largest whole unit", () => {
    expect(berthDuration(90)).toBe("90 seconds");
    expect(berthDuration(60)).toBe("1 minute");
    expect(berthDuration(300)).toBe("5 minutes");
    expect(berthDuration(7200)).toBe("2 hours");
    expect(berthDuration(0)).toBe("0 seconds");
  });
  it("reads Compose sizes in MiB", () => {
    expect(mebibytes("512M")).toBe(512);
    expect(mebibytes("1g")).toBe(1024);
    expect(mebibytes("1.5GB")).toBe(1536);
    expect(mebibytes(268435456)).toBe(256);
    expect(mebibytes("lots")).toBeUndefined();
  });
  it("turns names into berth names", () => {
    expect(berthName("My_App.web")).toBe("my-app-web");
    expect(berthName("1st-service")).toBe("st-service");
    expect(berthName("___")).toBe("app");
    expect(envName("db_password")).toBe("DB_PASSWORD");
    expect(envName("1key")).toBe("_1KEY");
  });
  it("rounds CPU and memory up to a Fargate size", () => {
    expect(fargateSize(undefined, undefined)).toEqual({ cpu: 256, memory: 512 });
    expect(fargateSize(512, undefined)).toEqual({ cpu: 512, memory: 1024 });
    expect(fargateSize(256, 3000)).toEqual({ cpu: 512, memory: 3072 });
    expect(fargateSize(1024, 1024)).toEqual({ cpu: 1024, memory: 2048 });
  });
  it("splits shell command lines", () => {
    expect(shellWords(`node server.js --name "a b" 'c d' e\\ f`)).toEqual(["node", "server.js", "--name", "a b", "c d", "e f"]);
    expect(shellWords(`sh -c ""`)).toEqual(["sh", "-c", ""]);
  });
});
