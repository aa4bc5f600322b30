import java.util.List;

record RotationPlan(String title, List<String> steps, List<String> warnings) {
}
