/** A typed @grpc/grpc-js client for interop/proto/greeter.proto, shared by the interop suites. */
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { greeterProto } from "./harness/index.js";

export interface HelloReply {
  message: string;
}
type UnaryCallback = (error: grpc.ServiceError | null, reply?: HelloReply) => void;
export interface GreeterClient extends grpc.Client {
  SayHello(request: { name: string }, options: grpc.CallOptions, callback: UnaryCallback): grpc.ClientUnaryCall;
  SayHelloStream(request: { name: string }, options: grpc.CallOptions): grpc.ClientReadableStream<HelloReply>;
}
type GreeterConstructor = new (address: string, credentials: grpc.ChannelCredentials) => GreeterClient;

/** An insecure Greeter client for `target` ("127.0.0.1:N"); close it when done. */
export function greeterClient(target: string): GreeterClient {
  const definition = protoLoader.loadSync(greeterProto, { keepCase: true, defaults: true });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    tribridge: { interop: { Greeter: GreeterConstructor } };
  };
  return new pkg.tribridge.interop.Greeter(target, grpc.credentials.createInsecure());
}

const deadline = (): grpc.CallOptions => ({ deadline: Date.now() + 5_000 });

export function sayHello(client: GreeterClient, name: string): Promise<HelloReply> {
  return new Promise((resolve, reject) => {
    client.SayHello({ name }, deadline(), (error, reply) => (error ? reject(error) : resolve(reply!)));
  });
}

export async function sayHelloStream(client: GreeterClient, name: string): Promise<string[]> {
  const messages: string[] = [];
  for await (const reply of client.SayHelloStream({ name }, deadline())) {
    messages.push((reply as HelloReply).message);
  }
  return messages;
}
