import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { describe, expect, it } from "vitest";
import { localSecretId, startLocalSecrets } from "./local-secrets.js";
import { LOCAL_CREDENTIALS } from "./messaging.js";

describe("the local secrets endpoint of functions", () => {
  it("answers the AWS SDK's GetSecretValue and SSM GetParameter for registered values only", async () => {
    const secrets = await startLocalSecrets();
    try {
      const id = localSecretId("db/main");
      secrets.set(id, '{"username":"berth","password":"pw"}');
      secrets.set("/shop/api-key", "k-123");
      const client = new SecretsManagerClient({ region: "eu-west-1", endpoint: secrets.url, credentials: LOCAL_CREDENTIALS });
      const got = await client.send(new GetSecretValueCommand({ SecretId: id }));
      expect(JSON.parse(got.SecretString!)).toEqual({ username: "berth", password: "pw" });
      expect(got.ARN).toBe(id);
      await expect(client.send(new GetSecretValueCommand({ SecretId: localSecretId("other") }))).rejects.toBeInstanceOf(ResourceNotFoundException);

      const ssm = (name: string) =>
        fetch(secrets.url, {
          method: "POST",
          headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AmazonSSM.GetParameter" },
          body: JSON.stringify({ Name: name }),
        });
      expect(await (await ssm("/shop/api-key")).json()).toMatchObject({ Parameter: { Name: "/shop/api-key", Value: "k-123" } });
      expect((await ssm("/shop/none")).status).toBe(400);
    } finally {
      await secrets.stop();
    }
  });
});
