package com.example.sofa;

/** Enum carried by value (Hessian2 writes enums as an object with a single "name" field). */
public enum Color {
    RED,
    GREEN,
    BLUE
}
