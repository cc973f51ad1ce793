// Drives the clearinghouse's EventStoreDB protocol endpoint with the official Node.js client
// (@eventstore/db-client), one scenario per run. The xUnit test EventStoreNodeClientTests starts the host and
// runs this; each line printed is one JSON object, so the test reads what the client saw, as it saw it.
//
//   node scenario.mjs <scenario> [argument]
//   ESDB_CONNECTION  esdb://127.0.0.1:PORT?tls=true&tlsCAFile=…&userCertFile=…&userKeyFile=…
//
// Scenarios: read-stream NAME | read-all-from POSITION | append NAME |
//            follow-all [POSITION] (a catch-up subscription, printed until standard input closes) |
//            follow-streams PREFIX [POSITION] (the same, filtered by stream prefix, with checkpoints).
import {
  EventStoreDBClient, FORWARDS, START, jsonEvent, streamNameFilter,
} from "@eventstore/db-client";

const client = EventStoreDBClient.connectionString(process.env.ESDB_CONNECTION);
const [scenario, argument, second] = process.argv.slice(2);

const print = (line) => process.stdout.write(JSON.stringify(line) + "\n");

// Bigints are positions and revisions: printed as strings, so no precision is lost on the way to the test.
const describe = ({ event, commitPosition }) => ({
  kind: "event",
  stream: event.streamId,
  revision: event.revision.toString(),
  position: (commitPosition ?? event.position?.commit)?.toString(),
  type: event.type,
  id: event.id,
  data: event.data,
  metadata: event.metadata,
  created: event.created,
});

const failure = (error) => ({ kind: "error", name: error?.constructor?.name, type: error?.type, message: String(error?.message ?? error) });

const fromPosition = (text) => (text ? { commit: BigInt(text), prepare: BigInt(text) } : START);

async function follow(subscription) {
  subscription.on("caughtUp", () => print({ kind: "caughtUp" }));
  subscription.on("error", (error) => {
    print(failure(error));
    process.exit(3);
  });
  // The test closes standard input to end the subscription.
  process.stdin.on("end", async () => {
    await subscription.unsubscribe();
    await client.dispose();
    print({ kind: "done" });
    process.exit(0);
  });
  process.stdin.resume();
  print({ kind: "subscribed" });
  for await (const resolved of subscription) {
    print(describe(resolved));
  }
}

try {
  switch (scenario) {
    case "read-stream":
      for await (const resolved of client.readStream(argument, { direction: FORWARDS, fromRevision: START })) {
        print(describe(resolved));
      }
      break;
    case "read-all-from":
      for await (const resolved of client.readAll({ direction: FORWARDS, fromPosition: fromPosition(argument), maxCount: 10_000 })) {
        print(describe(resolved));
      }
      break;
    case "append":
      await client.appendToStream(argument, jsonEvent({ type: "settlement_accepted_v1", data: { forged: true } }));
      print({ kind: "appended" });
      break;
    case "follow-all":
      await follow(client.subscribeToAll({ fromPosition: fromPosition(argument) }));
      break;
    case "follow-streams":
      await follow(client.subscribeToAll({
        fromPosition: fromPosition(second),
        filter: streamNameFilter({
          prefixes: [argument],
          checkpointReached: (_subscription, position) => print({ kind: "checkpoint", position: position.commit.toString() }),
        }),
      }));
      break;
    default:
      throw new Error(`unknown scenario '${scenario}'`);
  }
  print({ kind: "end" });
  await client.dispose();
} catch (error) {
  print(failure(error));
  await client.dispose();
  process.exit(2);
}
