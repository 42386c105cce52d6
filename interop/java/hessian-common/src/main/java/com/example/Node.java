package com.example;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

public class Node implements Serializable {
    private static final long serialVersionUID = 1L;
    private String name;
    private Node next;
    private List<Node> children = new ArrayList<>();

    public Node() {}

    public Node(String name) { this.name = name; }

    public void setNext(Node next) { this.next = next; }

    public List<Node> getChildren() { return children; }
}
