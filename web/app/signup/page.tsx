import type { Metadata } from "next";
import { SignUpForm } from "@/components/AuthForms";

export const metadata: Metadata = { title: "Create an account" };

export default function SignUpPage() {
  return <SignUpForm />;
}
