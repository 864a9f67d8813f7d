package org.inotifyjfr.it;

/** Prints, for each class name given, whether the application's class loader can load it. */
public final class ClassVisibility {
    public static void main(String[] args) {
        for (String name : args) {
            boolean visible;
            try {
                Class.forName(name, false, ClassLoader.getSystemClassLoader());
                visible = true;
            } catch (ClassNotFoundException e) {
                visible = false;
            }
            System.out.println(name + (visible ? " visible" : " hidden"));
        }
    }
}
