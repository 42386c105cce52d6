package com.example.interop;

import java.util.ArrayList;
import java.util.List;

import org.apache.dubbo.common.stream.StreamObserver;
import org.apache.dubbo.rpc.StatusRpcException;
import org.apache.dubbo.rpc.TriRpcStatus;

import com.example.interop.proto.DubboGreeterTriple;
import com.example.interop.proto.HelloReply;
import com.example.interop.proto.HelloRequest;

/**
 * tribridge.interop.Greeter (protobuf IDL) served over tri, with the behaviour of the lab's
 * shared interop/proto/greeter.proto (so a suite can run unchanged against any Greeter peer).
 */
public class GreeterImpl extends DubboGreeterTriple.GreeterImplBase {
    static final int STREAM_COUNT = 3;
    /** Bounds what one Collect call buffers. */
    static final int MAX_COLLECT = 10_000;

    static HelloReply reply(String message) {
        return HelloReply.newBuilder().setMessage(message).build();
    }

    static StatusRpcException emptyName() {
        return TriRpcStatus.fromCode(TriRpcStatus.Code.INVALID_ARGUMENT)
                .withDescription("name must not be empty").asException();
    }

    @Override
    public HelloReply sayHello(HelloRequest request) {
        if (request.getName().isEmpty()) {
            throw emptyName();
        }
        return reply("Hello, " + request.getName() + "!");
    }

    @Override
    public void sayHelloStream(HelloRequest request, StreamObserver<HelloReply> responseObserver) {
        if (request.getName().isEmpty()) {
            responseObserver.onError(emptyName());
            return;
        }
        for (int i = 1; i <= STREAM_COUNT; i++) {
            responseObserver.onNext(reply("Hello, " + request.getName() + "! #" + i));
        }
        responseObserver.onCompleted();
    }

    @Override
    public StreamObserver<HelloRequest> collect(StreamObserver<HelloReply> responseObserver) {
        List<String> names = new ArrayList<>();
        return new StreamObserver<HelloRequest>() {
            @Override
            public void onNext(HelloRequest data) {
                synchronized (names) {
                    if (names.size() < MAX_COLLECT) {
                        names.add(data.getName());
                    }
                }
            }

            @Override
            public void onError(Throwable throwable) {
                // The client gave up; nothing to answer.
            }

            @Override
            public void onCompleted() {
                String joined;
                synchronized (names) {
                    joined = String.join(", ", names);
                }
                responseObserver.onNext(reply("Hello, " + joined + "!"));
                responseObserver.onCompleted();
            }
        };
    }

    @Override
    public StreamObserver<HelloRequest> chat(StreamObserver<HelloReply> responseObserver) {
        return new StreamObserver<HelloRequest>() {
            @Override
            public void onNext(HelloRequest data) {
                responseObserver.onNext(reply("Hello, " + data.getName() + "!"));
            }

            @Override
            public void onError(Throwable throwable) {
                // The client gave up; nothing to answer.
            }

            @Override
            public void onCompleted() {
                responseObserver.onCompleted();
            }
        };
    }
}
