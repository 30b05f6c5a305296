export default function CallsPage() {
  return null;
}
